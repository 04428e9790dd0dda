package io.confab.core.http;


import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a configured certificate, HTTPS and WSS work with a generated self-signed one that is kept. */
class TlsTest {

    @TempDir
    Path dataDir;

    @Test
    void selfSignedCertificateServesHttpsAndWssAndIsKeptForTheNextStart() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        CompletableFuture<String> opened = new CompletableFuture<>();
        HttpServer server = new HttpServer(new Router().get("/api/health", r -> Response.ok(Map.of("status", "ok"))),
                new WebSocketEndpoint() {
                    @Override
                    public void opened(Channel channel, String uri, HttpHeaders headers) {
                        opened.complete(uri);
                    }

                    @Override
                    public void text(Channel channel, String text) {
                    }

                    @Override
                    public void closed(Channel channel) {
                    }
                }, workers, SelfSignedCertificate.serverContext(null, null, dataDir, "127.0.0.1"));
        try {
            InetSocketAddress address = server.start("127.0.0.1", 0);
            HttpClient client = HttpClient.newBuilder().sslContext(LoopbackTls.trustingAll()).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + address.getPort() + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("{\"status\":\"ok\"}", response.body());
            assertEquals("max-age=31536000", response.headers().firstValue("Strict-Transport-Security").orElse(null),
                    "over TLS, browsers are told to stay on HTTPS");

            WebSocket socket = client.newWebSocketBuilder().buildAsync(
                    URI.create("wss://127.0.0.1:" + address.getPort() + "/ws?probe=1"), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS);
            assertEquals("/ws?probe=1", opened.get(10, TimeUnit.SECONDS));
            socket.abort();
        } finally {
            server.close();
            workers.shutdownNow();
        }
        Path certificate = dataDir.resolve("tls/self-signed.crt");
        assertTrue(Files.readString(certificate).startsWith("-----BEGIN CERTIFICATE-----"));
        String first = Files.readString(certificate);
        SelfSignedCertificate.serverContext(null, null, dataDir, "127.0.0.1");
        assertEquals(first, Files.readString(certificate), "a restart keeps the certificate browsers accepted");
    }
}
