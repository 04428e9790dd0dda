package io.confab.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web origin forwards data-api's paths to it, streaming, and keeps its own: a JDK HTTP server
 * stands in for data-api and tells what it received.
 */
class DataApiProxyTest {

    /** Larger than the aggregator's 1 MiB: only a streaming proxy can pass it. */
    private static final byte[] LARGE = new byte[3 * 1024 * 1024 + 17];

    static {
        new Random(7).nextBytes(LARGE);
    }

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final java.util.List<String> revokedChecks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger dataApiRequests = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpClient client = HttpClient.newHttpClient();
    private com.sun.net.httpserver.HttpServer dataApi;
    private HttpServer web;
    private String base;
    private final java.util.concurrent.CompletableFuture<Boolean> proxyAfterUpgrade = new java.util.concurrent.CompletableFuture<>();

    private void start(boolean withDataApi) throws Exception {
        DataApiRoute route = DataApiRoute.none();
        if (withDataApi) {
            dataApi = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            dataApi.createContext("/", this::answer);
            dataApi.start();
            route = new DataApiRoute(URI.create("http://127.0.0.1:" + dataApi.getAddress().getPort()));
        }
        Router router = new Router().get("/api/meetings/{id}/recording/start", r -> Response.ok(Map.of("core", true)));
        web = new HttpServer(router, new WebSocketEndpoint() {
            @Override
            public void opened(Channel channel, String uri, HttpHeaders headers) {
                proxyAfterUpgrade.complete(channel.pipeline().get(DataApiProxy.class) != null);
            }

            @Override
            public void text(Channel channel, String text) {
                channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame("echo " + text));
            }

            @Override
            public void closed(Channel channel) {
            }
        }, workers, null, route, (bearer, source, where) -> {
            revokedChecks.add(bearer + " from " + source + " at " + where);
            return bearer.equals("signed-out");
        });
        base = "http://127.0.0.1:" + web.start("127.0.0.1", 0).getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        dataApiRequests.incrementAndGet();
        byte[] uploaded = exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestURI().getPath().equals("/api/data/large")) {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < LARGE.length; i += 65536) {
                    out.write(LARGE, i, Math.min(65536, LARGE.length - i));
                }
            }
            return;
        }
        String echo = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " range=" + exchange.getRequestHeaders().getFirst("Range")
                + " auth=" + exchange.getRequestHeaders().getFirst("Authorization") + " body=" + uploaded.length
                + " forwardedFor=" + exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        byte[] body = echo.getBytes();
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(206, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
        if (dataApi != null) {
            dataApi.stop(0);
        }
        workers.shutdownNow();
    }

    @Test
    void knowsWhichPathsAreDataApis() {
        for (String path : new String[] {"/api/recordings", "/api/recordings/r-1", "/api/recordings/retention",
                "/api/meetings/85123456789/recordings", "/recordings", "/recordings/recordings.js", "/api/data/v3/api-docs",
                "/api/webhooks", "/api/webhooks/w-1/deliveries", "/api/meetings/85123456789/quality", "/api/data/query",
                "/api/usage", "/api/usage/live"}) {
            assertTrue(DataApiRoute.forwards(path), path);
        }
        for (String path : new String[] {"/api/meetings/85123456789/recording/start", "/api/meetings", "/api/recordingsx",
                "/recordingsx", "/", "/meetings", "/api/auth/signin", "/api/webhooksx", "/api/meetings/85123456789/qualityx", "/api/usagex"}) {
            assertFalse(DataApiRoute.forwards(path), path);
        }
    }

    @Test
    void forwardsMethodPathQueryHeadersAndBodyAndRelaysTheStatus() throws Exception {
        start(true);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings/r-1?meetingId=42"))
                .header("Range", "bytes=0-99").header("Authorization", "Bearer t")
                .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(new byte[2_500_000])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(206, response.statusCode());
        assertEquals("DELETE /api/recordings/r-1?meetingId=42 range=bytes=0-99 auth=Bearer t body=2500000 forwardedFor=127.0.0.1",
                response.body());
    }

    @Test
    void aSignedOutTokenIsRefusedHereAndNeverReachesDataApi() throws Exception {
        start(true);
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings?x=1"))
                .header("Authorization", "Bearer signed-out").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("revoked"), refused.body());
        assertEquals(0, dataApiRequests.get(), "data-api never saw the revoked token");
        assertEquals(java.util.List.of("signed-out from 127.0.0.1 at GET /api/recordings"), revokedChecks);

        HttpResponse<String> next = client.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings"))
                .header("Authorization", "Bearer still-good").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(206, next.statusCode(), "the same connection forwards the next request: " + next.body());
        assertEquals(1, dataApiRequests.get());
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(206, anonymous.statusCode(), "no token: data-api answers it");
        assertEquals(2, revokedChecks.size(), "no check without a bearer token");
    }

    @Test
    void dataApisAnswersCannotBeFramedOrSniffed() throws Exception {
        start(true);
        for (String path : new String[] {"/recordings", "/api/recordings/r-1"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("frame-ancestors 'none'; object-src 'none'; base-uri 'none'",
                    response.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        }
        dataApi.stop(0);
        HttpResponse<String> unreachable = client.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("DENY", unreachable.headers().firstValue("X-Frame-Options").orElse(null), "the proxy's own 502 too");
    }

    @Test
    void streamsAnAnswerLargerThanTheAggregatorTakesAndKeepsTheConnectionForTheNextRequest() throws Exception {
        start(true);
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/data/large")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertArrayEquals(LARGE, response.body());
            HttpResponse<String> own = client.send(HttpRequest.newBuilder(URI.create(base + "/api/meetings/1/recording/start")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"core\":true}", own.body());
        }
    }

    @Test
    void signalingConnectionsLeaveTheProxyOutOfTheirPath() throws Exception {
        start(true);
        java.util.concurrent.CompletableFuture<String> echoed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket socket = client.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        socket.sendText("hello", true).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("echo hello", echoed.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(proxyAfterUpgrade.get(10, java.util.concurrent.TimeUnit.SECONDS), "the proxy handler is removed on upgrade");
        socket.abort();
    }

    @Test
    void withoutDataApiItsPathsAnswer503SayingSo() throws Exception {
        start(false);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("post-meeting API is not configured"), response.body());
        assertTrue(response.body().contains("--data-api-url"), response.body());
    }

    @Test
    void anUnreachableDataApiIsA502NamingIt() throws Exception {
        start(true);
        dataApi.stop(0);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/recordings")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(502, response.statusCode());
        assertTrue(response.body().contains("does not answer"), response.body());
        assertEquals(1, web.dataApiFailures(), "the failed forward is counted");
        dataApi = null;
    }

    @Test
    void aDataApiThatResetsTheConnectionIsA502CountedOnce() throws Exception {
        try (java.net.ServerSocket resetting = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread reset = new Thread(() -> {
                try (java.net.Socket socket = resetting.accept()) {
                    socket.getInputStream().read(new byte[1024]);
                    // Linger 0: the close is a reset, which the proxy's data-api connection sees as an exception.
                    socket.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // The test's assertions say what happened.
                }
            });
            reset.start();
            Router router = new Router();
            web = new HttpServer(router, null, workers, null,
                    new DataApiRoute(URI.create("http://127.0.0.1:" + resetting.getLocalPort())));
            base = "http://127.0.0.1:" + web.start("127.0.0.1", 0).getPort();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings")).build(),
                    HttpResponse.BodyHandlers.ofString());
            reset.join(10_000);
            assertEquals(502, response.statusCode(), response.body());
            assertTrue(response.body().contains("closed the connection without answering"), response.body());
            assertEquals(1, web.dataApiFailures(), "the reset and the close after it are one failed request");
        }
    }
}
