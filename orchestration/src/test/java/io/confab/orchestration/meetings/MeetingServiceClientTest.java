package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client the demo and the benchmarks set meetings up with, against a loopback HTTP server that
 * stands in for the meeting service (its answers scripted per path): what it sends, and what it
 * makes of what comes back.
 */
class MeetingServiceClientTest {

    /** One request as the stand-in server saw it. */
    record Seen(String method, String path, String contentType, String authorization, JsonNode body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private MeetingServiceClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/auth/signup", exchange -> answer(exchange, 202, "{\"status\":\"accepted\"}"));
        server.createContext("/api/auth/signin", exchange -> answer(exchange, 200, "{\"token\":\"t-123\",\"user\":{}}"));
        server.createContext("/api/meetings/1/end", exchange -> answer(exchange, 200, ""));
        server.createContext("/api/meetings/2/join", exchange -> answer(exchange, 404, "{\"error\":\"NOT_FOUND\"}"));
        server.start();
        client = new MeetingServiceClient(HttpClient.newHttpClient(),
                "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsJsonWithTheBearerAndReadsTheAnswer() throws Exception {
        JsonNode answer = client.post("/api/auth/signin", Map.of("email", "a@example.com"), "bearer-1");
        assertEquals("t-123", answer.path("token").asText());
        Seen request = seen.get(0);
        assertEquals("POST", request.method());
        assertEquals("application/json", request.contentType());
        assertEquals("Bearer bearer-1", request.authorization());
        assertEquals("a@example.com", request.body().path("email").asText());
    }

    @Test
    void sendsNoAuthorizationWithoutABearerAndReadsAnEmptyAnswerAsAnEmptyObject() throws Exception {
        JsonNode answer = client.post("/api/meetings/1/end", Map.of(), null);
        assertTrue(answer.isObject() && answer.isEmpty(), answer.toString());
        assertNull(seen.get(0).authorization());
    }

    @Test
    void aRefusalIsAnErrorNamingTheCallTheStatusAndWhatTheServerSaid() {
        IOException refused = assertThrows(IOException.class,
                () -> client.post("/api/meetings/2/join", Map.of("displayName", "Bot"), null));
        assertEquals("POST /api/meetings/2/join answered 404: {\"error\":\"NOT_FOUND\"}", refused.getMessage());
    }

    @Test
    void aNewAccountIsSignedUpThenSignedInWithTheSameFreshEmail() throws Exception {
        assertEquals("t-123", client.newAccount("bench", "a bench passphrase", "Bench"));
        assertEquals(List.of("/api/auth/signup", "/api/auth/signin"), seen.stream().map(Seen::path).toList());
        String email = seen.get(0).body().path("email").asText();
        assertTrue(email.matches("bench-[0-9a-f-]{36}@example\\.com"), email);
        assertEquals(email, seen.get(1).body().path("email").asText());
        assertEquals("a bench passphrase", seen.get(1).body().path("password").asText());
        assertEquals("Bench", seen.get(0).body().path("displayName").asText());
        client.newAccount("bench", "a bench passphrase", "Bench");
        assertNotEquals(email, seen.get(2).body().path("email").asText(), "each account has an email of its own");
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"),
                ApiClient.JSON.readTree(request)));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
