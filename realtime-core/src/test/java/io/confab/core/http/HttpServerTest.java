package io.confab.core.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP edge over a real socket: routing, JSON errors that name the problem, 404 and 405. */
class HttpServerTest {

    record Greeting(String name) {
    }

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private HttpServer server;
    private String base;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Router router = new Router()
                .get("/api/things/{id}", r -> Response.ok(Map.of("id", r.param("id"))))
                .post("/api/greetings", r -> Response.created(Map.of("hello", r.json(Greeting.class).name()), "/api/greetings/1"))
                .get("/api/fail", r -> {
                    throw new IllegalStateException("boom");
                });
        server = new HttpServer(router, new NoWebSockets(), workers, null);
        InetSocketAddress address = server.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + address.getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        workers.shutdownNow();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndNoHstsWithoutTls() throws Exception {
        for (String path : new String[] {"/api/things/1", "/no-such-file.js", "/api/fail"}) {
            var response = send("GET", path, null);
            assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null), path);
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'"), path + ": " + policy);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty(), "HSTS only over TLS");
        }
    }

    @Test
    void headIsAnsweredLikeGetWithoutTheBody() throws Exception {
        HttpResponse<String> get = send("GET", "/api/things/42", null);
        HttpResponse<String> head = send("HEAD", "/api/things/42", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(get.headers().firstValue("Content-Length"), head.headers().firstValue("Content-Length"));
        assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"));
        assertEquals(404, send("HEAD", "/api/nothing-here", null).statusCode());
        HttpResponse<String> page = send("HEAD", "/", null);
        assertEquals(200, page.statusCode(), "HEAD / is the web client's page, as GET / is");
        assertEquals("", page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
    }

    @Test
    void pathParametersReachTheHandler() throws Exception {
        HttpResponse<String> response = send("GET", "/api/things/42", null);
        assertEquals(200, response.statusCode());
        assertEquals("{\"id\":\"42\"}", response.body());
    }

    @Test
    void jsonBodyIsReadIntoARecord() throws Exception {
        HttpResponse<String> response = send("POST", "/api/greetings", "{\"name\":\"Ada\"}");
        assertEquals(201, response.statusCode());
        assertEquals("{\"hello\":\"Ada\"}", response.body());
        assertEquals("/api/greetings/1", response.headers().firstValue("Location").orElse(""));
    }

    @Test
    void malformedJsonIsA400ThatSaysSo() throws Exception {
        HttpResponse<String> response = send("POST", "/api/greetings", "{\"name\":");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("malformed JSON"), response.body());
    }

    @Test
    void unknownFieldIsA400NamingTheField() throws Exception {
        HttpResponse<String> response = send("POST", "/api/greetings", "{\"nmae\":\"Ada\"}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("unknown field 'nmae'"), response.body());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405NamingTheAllowedOnes() throws Exception {
        assertEquals(404, send("GET", "/api/nowhere", null).statusCode());
        HttpResponse<String> wrongMethod = send("DELETE", "/api/things/1", null);
        assertEquals(405, wrongMethod.statusCode());
        assertTrue(wrongMethod.body().contains("allowed: [GET]"), wrongMethod.body());
    }

    @Test
    void handlerCrashIsA500WithoutItsDetailsAndTheServerGoesOn() throws Exception {
        HttpResponse<String> response = send("GET", "/api/fail", null);
        assertEquals(500, response.statusCode());
        assertTrue(!response.body().contains("boom"), "internal details stay in the log: " + response.body());
        assertEquals(200, send("GET", "/api/things/1", null).statusCode());
    }
}
