package io.confab.orchestration.recordings;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Unit: the client's text GET (a transcript as WebVTT, SRT or text) against a plain HTTP server on
 * loopback: the text when it is there, and the error read from the one answer when it is not.
 */
class RecordingsClientTest {

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aTextAnswerIsReturnedAsItCame() throws Exception {
        RecordingsClient client = serving(200, "text/vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ann>hello\n");
        assertEquals("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ann>hello\n", client.text("/api/meetings/85123456789/transcript?format=vtt"));
        assertEquals(1, requests.get());
    }

    @Test
    void anErrorIsReadFromItsOneAnswerWithoutAskingAgain() throws Exception {
        RecordingsClient client = serving(404, "application/problem+json",
                "{\"status\":404,\"detail\":\"meeting 85123456789 has no transcript\"}");
        RecordingsClient.Failure failure = assertThrows(RecordingsClient.Failure.class,
                () -> client.text("/api/meetings/85123456789/transcript?format=vtt"));
        assertEquals("meeting 85123456789 has no transcript; 'confab recordings list' shows the recordings you can see",
                failure.getMessage());
        assertEquals(1, requests.get(), "one request: the error is in its answer");
    }

    private RecordingsClient serving(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return RecordingsClient.withToken("http://127.0.0.1:" + server.getAddress().getPort(), "a-token");
    }
}
