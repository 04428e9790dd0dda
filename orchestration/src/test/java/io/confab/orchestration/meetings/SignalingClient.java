package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client of the signaling endpoint (the JDK's), keeping every frame it receives so
 * a test can wait for the one it expects.
 */
final class SignalingClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final Object sending = new Object();
    private final java.util.concurrent.ScheduledExecutorService pings = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            task -> {
                Thread thread = new Thread(task, "signaling-pings");
                thread.setDaemon(true);
                return thread;
            });
    /** This connection's participant id, once {@code joined} said it. */
    String participantId;

    private SignalingClient(String url) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new Listener()).join();
    }

    static SignalingClient connect(String webUrl) {
        return new SignalingClient(webUrl.replaceFirst("^http", "ws") + "/ws");
    }

    void send(Object message) {
        try {
            String text = message instanceof String s ? s : ApiClient.JSON.writeValueAsString(message);
            // The JDK's WebSocket refuses a send while another is pending: one at a time (the pings' thread too).
            synchronized (sending) {
                socket.sendText(text, true).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("send failed: " + e, e);
        }
    }

    /** Sends unless the connection is already closed; false when it was. */
    boolean trySend(String text) {
        try {
            synchronized (sending) {
                socket.sendText(text, true).get(10, TimeUnit.SECONDS);
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Pings every 25 s as the web client does, for a participant who only listens for minutes: the
     * server closes a connection it has heard nothing from for two minutes.
     */
    SignalingClient pingingLikeTheWebClient() {
        pings.scheduleAtFixedRate(() -> trySend("{\"type\":\"ping\"}"), 25, 25, TimeUnit.SECONDS);
        return this;
    }

    ObjectNode message(String type) {
        return ApiClient.JSON.createObjectNode().put("type", type);
    }

    /** Sends a chat message and returns it once {@code heardBy} received it. */
    String say(String text, SignalingClient heardBy) {
        send(message("chat").put("text", text));
        heardBy.await("chat", message -> text.equals(message.path("text").asText()));
        return text;
    }

    /** The next frame of {@code type} (frames of other types are kept, not lost). */
    JsonNode await(String type) {
        return await(type, m -> true);
    }

    JsonNode await(String type, Predicate<JsonNode> matching) {
        JsonNode found = poll(type, matching, WAIT);
        if (found == null) {
            throw new AssertionError("no '" + type + "' frame within " + WAIT.toSeconds() + " s; received instead: " + seen);
        }
        return found;
    }

    /** Whether a frame of {@code type} arrives within {@code within} (for checking that nothing comes). */
    boolean receives(String type, Duration within) {
        return poll(type, m -> true, within) != null;
    }

    private synchronized JsonNode poll(String type, Predicate<JsonNode> matching, Duration wait) {
        for (JsonNode m : seen) {
            if (m.path("type").asText().equals(type) && matching.test(m)) {
                seen.remove(m);
                return m;
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode next = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                if (next.path("type").asText().equals(type) && matching.test(next)) {
                    return next;
                }
                seen.add(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** The close code once the server closed the connection. */
    int awaitClose() {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + WAIT.toSeconds() + " s", e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        pings.shutdownNow();
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(ApiClient.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    inbox.add(ApiClient.JSON.createObjectNode().put("type", "unparseable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
