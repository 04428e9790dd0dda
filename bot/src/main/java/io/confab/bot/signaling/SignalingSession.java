package io.confab.bot.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.bot.DropCount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The bot's signaling: the meeting service's join ticket over REST, then the WebSocket the web
 * client uses, with the same JSON frames. Frames are handed to the consumer in arrival order on the
 * WebSocket's thread.
 */
public final class SignalingSession implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(SignalingSession.class);

    private final WebSocket socket;
    private final FrameReader reader;
    private final CompletableFuture<String> closed = new CompletableFuture<>();

    private SignalingSession(WebSocket socket, FrameReader reader) {
        this.socket = socket;
        this.reader = reader;
    }

    /** The ticket from {@code POST /api/meetings/{id}/join}: token, signaling path and ICE servers. */
    public static JsonNode joinTicket(HttpClient http, String web, String meetingId, String name, String passcode, String bearer)
            throws IOException, InterruptedException {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("displayName", name);
        if (passcode != null) {
            body.put("passcode", passcode);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(web + "/api/meetings/" + meetingId + "/join"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("joining meeting " + meetingId + " was refused (" + response.statusCode() + "): " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public static SignalingSession open(HttpClient http, String web, String path, Consumer<JsonNode> frames) {
        URI uri = URI.create(web.replaceFirst("^http", "ws") + path);
        FrameReader reader = new FrameReader(frames);
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, reader).join();
        SignalingSession session = new SignalingSession(socket, reader);
        reader.closed.whenComplete((reason, e) -> session.closed.complete(reason));
        return session;
    }

    /**
     * The server's text frames, which may arrive in parts, each whole one handed on as JSON. A frame
     * that is not JSON is the server's bug: it is skipped rather than ending the session, and counted.
     */
    static final class FrameReader implements WebSocket.Listener {
        private final Consumer<JsonNode> frames;
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final DropCount unreadable = new DropCount(LOG, "a signaling frame from the server");

        FrameReader(Consumer<JsonNode> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.accept(JSON.readTree(partial.toString()));
                } catch (JsonProcessingException e) {
                    unreadable.drop("not JSON (" + e.getOriginalMessage() + "): "
                            + (partial.length() > 80 ? partial.substring(0, 80) + "..." : partial), null);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error: " + error.getMessage());
        }
    }

    public synchronized void send(Map<String, ?> frame) {
        try {
            socket.sendText(JSON.writeValueAsString(frame), true).join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frames from the server that were not JSON, skipped. */
    public long unreadableFrames() {
        return reader.unreadable.count();
    }

    /** Completes with the close code and reason when the server closes the socket. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
