package io.confab.orchestration.recordings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The post-meeting API's recordings endpoints as the CLI uses them, on the web origin (where
 * realtime-core forwards them to data-api), with the meeting service's bearer token.
 * Every failure is a {@link Failure} whose message says what to do.
 */
public final class RecordingsClient {

    /** A call that did not work, with a message for the person at the terminal. */
    public static final class Failure extends Exception {
        public Failure(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String web;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private RecordingsClient(String web, String token) {
        this.web = web.replaceAll("/+$", "");
        this.token = token;
    }

    public static RecordingsClient withToken(String web, String token) {
        return new RecordingsClient(web, token);
    }

    /** Signs in through the meeting service ({@code POST /api/auth/signin}) and uses the token it gives. */
    public static RecordingsClient signIn(String web, String email, String password) throws Failure {
        RecordingsClient anonymous = new RecordingsClient(web, null);
        try {
            JsonNode answer = anonymous.call("POST", "/api/auth/signin",
                    JSON.writeValueAsString(Map.of("email", email, "password", password)));
            return new RecordingsClient(web, answer.path("token").asText());
        } catch (IOException e) {
            throw new Failure("cannot sign in: " + e.getMessage());
        }
    }

    public JsonNode list(int limit) throws Failure {
        return call("GET", "/api/recordings?limit=" + limit, null);
    }

    public JsonNode listOfMeeting(String meetingId) throws Failure {
        return call("GET", "/api/meetings/" + encode(meetingId) + "/recordings", null);
    }

    public JsonNode get(String recordingId, String meetingId) throws Failure {
        return call("GET", "/api/recordings/" + encode(recordingId) + (meetingId == null ? "" : "?meetingId=" + encode(meetingId)), null);
    }

    /**
     * Downloads {@code url} (a presigned S3 link) to {@code target} through a temporary file beside
     * it, so an interrupted download never leaves a file that looks complete.
     *
     * @param progress told the bytes so far after every chunk
     * @return the bytes written
     */
    public long download(String url, Path target, LongConsumer progress) throws Failure {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                throw new Failure("S3 answered " + response.statusCode() + " for the file's link"
                        + (response.statusCode() == 403 ? " (the link may have expired; run the command again)" : "")
                        + ": " + body.lines().findFirst().orElse(""));
            }
            Path absolute = target.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path partial = absolute.resolveSibling(absolute.getFileName() + ".part");
            long written = 0;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    written += n;
                    progress.accept(written);
                }
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return written;
        } catch (IOException e) {
            throw new Failure("download failed: " + e.getMessage() + "; run the command again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("download interrupted");
        }
    }

    /** Any other JSON call of the post-meeting API (SQL, call quality), with this client's token and error wording. */
    public JsonNode send(String method, String path, Object body, Duration timeout) throws Failure {
        try {
            return call(method, path, body == null ? null : JSON.writeValueAsString(body), timeout);
        } catch (IOException e) {
            throw new Failure("cannot encode the request: " + e.getMessage());
        }
    }

    /** A GET whose answer is text (a transcript as WebVTT, SRT or plain text); errors as for JSON calls. */
    public String text(String path) throws Failure {
        HttpRequest request = HttpRequest.newBuilder(URI.create(web + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        // The error is read from this answer: asking again would cost a second request and could
        // meet a different answer (a success read as JSON, or another error).
        throw failure("GET", path, response);
    }

    /** Sends {@code request}; no answer at all is a failure that says to check the platform. */
    private HttpResponse<String> send(HttpRequest request, HttpResponse.BodyHandler<String> body) throws Failure {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new Failure("the web origin " + web + " does not answer (" + e.getClass().getSimpleName()
                    + "); is the platform up? see './confab status'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /** {@code value} encoded for a query string. */
    public static String query(String value) {
        return encode(value);
    }

    private JsonNode call(String method, String path, String body) throws Failure {
        return call(method, path, body, Duration.ofSeconds(30));
    }

    private JsonNode call(String method, String path, String body, Duration timeout) throws Failure {
        return call(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                body == null ? null : "application/json", timeout);
    }

    /** A file as the whole request body (an audio upload); the answer is JSON, errors as for JSON calls. */
    public JsonNode upload(String path, Path file, String contentType, Duration timeout) throws Failure {
        try {
            return call("POST", path, HttpRequest.BodyPublishers.ofFile(file), contentType, timeout);
        } catch (java.io.FileNotFoundException e) {
            throw new Failure(file + ": no such readable file");
        }
    }

    private JsonNode call(String method, String path, HttpRequest.BodyPublisher body, String contentType, Duration timeout)
            throws Failure {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(web + path)).timeout(timeout)
                .method(method, body)
                .header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw failure(method, path, response);
        }
        return json(method, path, response);
    }

    private static JsonNode json(String method, String path, HttpResponse<String> response) throws Failure {
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Failure(method + " " + path + " answered " + response.statusCode() + " with something that is not JSON");
        }
    }

    /** What a refusal or an error answer means, in words that say what to do. */
    private static Failure failure(String method, String path, HttpResponse<String> response) throws Failure {
        JsonNode node = json(method, path, response);
        int status = response.statusCode();
        // data-api answers problem details ("detail"); the meeting service {"message"}.
        String said = node.hasNonNull("detail") ? node.get("detail").asText() : node.path("message").asText("");
        String hint = switch (status) {
            case 401 -> path.startsWith("/api/auth/") ? "; check the email and password"
                    : "; sign in again (--email, or a fresh token in --token / CONFAB_TOKEN)";
            case 404 -> "; 'confab recordings list' shows the recordings you can see";
            case 502, 503 -> "; see './confab status'";
            default -> "";
        };
        return new Failure(said.isBlank() ? method + " " + path + " answered " + status + hint : said + hint);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
