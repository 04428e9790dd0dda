package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The meeting service's REST API as a test drives it: JSON in, status, headers and JSON out. Made
 * with {@link #fromFreshLoopbackAddress}, it calls from a loopback address of the test's own
 * (127.x.y.z; Linux routes all of 127/8 to the loopback device), so a test that trips per-address
 * limits trips them for that address, not for the 127.0.0.1 every other test of the run shares.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** @param headers the answer's headers, names in lower case (first value of each) */
    record Answer(int status, Map<String, String> headers, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }

        String message() {
            return body.path("message").asText();
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final URI server;
    /** The local address to call from; null: whichever the JDK's HTTP client picks. */
    private final InetAddress source;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base) {
        this(base, null);
    }

    private ApiClient(String base, InetAddress source) {
        this.base = base;
        this.server = URI.create(base);
        this.source = source;
    }

    /** A client calling from a loopback address no other test uses. */
    static ApiClient fromFreshLoopbackAddress(String base) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] address = {127, (byte) random.nextInt(1, 255), (byte) random.nextInt(0, 256), (byte) random.nextInt(1, 255)};
        try {
            return new ApiClient(base, InetAddress.getByAddress(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loopback address a {@link #fromFreshLoopbackAddress} client calls from, as the server sees it. */
    String address() {
        if (source == null) {
            throw new IllegalStateException("this client calls from whichever address the JDK picks; make one with fromFreshLoopbackAddress");
        }
        return source.getHostAddress();
    }

    Answer get(String path, String token) {
        return send("GET", path, null, token);
    }

    Answer post(String path, Object body, String token) {
        return send("POST", path, body, token);
    }

    Answer patch(String path, Object body, String token) {
        return send("PATCH", path, body, token);
    }

    Answer delete(String path, String token) {
        return send("DELETE", path, null, token);
    }

    /** {@code body}: a String is sent as it is (malformed JSON included), anything else as JSON. */
    Answer send(String method, String path, Object body, String token) {
        try {
            String json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            return source == null ? sendWithJdkClient(method, path, json, token) : sendFromSource(method, path, json, token);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + (source == null ? "" : " from " + source.getHostAddress()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer sendWithJdkClient(String method, String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(ANSWER_TIMEOUT)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        return new Answer(response.statusCode(), headers, parseBody(response.body()));
    }

    /** HTTP/1.1 by hand: the JDK's HTTP client cannot choose its local address. */
    private Answer sendFromSource(String method, String path, String json, String token) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            byte[] content = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            return parseAnswer(socket.getInputStream().readAllBytes());
        }
    }

    private static Answer parseAnswer(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(status, headers, parseBody(text.substring(end + 4)));
    }

    private static JsonNode parseBody(String body) throws IOException {
        return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }
}
