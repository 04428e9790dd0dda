package io.confab.orchestration.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A client for a Flink session cluster's REST API: the same calls work on the embedded cluster and
 * on any real one given by {@code --flink=host:8081}. Jobs are submitted as jars (upload, then run).
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FlinkRest(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The cluster overview: task managers, slots, running jobs. */
    public JsonNode overview() throws IOException {
        return get("/overview");
    }

    /** Uploads {@code jar} and starts {@code entryClass} from it with {@code args}; returns the job id. */
    public String submit(Path jar, String entryClass, List<String> args, int parallelism) throws IOException {
        return run(upload(jar), entryClass, args, parallelism);
    }

    /** Runs a job from a jar uploaded before ({@link #upload}); returns its job id. */
    public String run(String jarId, String entryClass, List<String> args, int parallelism) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putArray("programArgsList").addAll(args.stream().map(JSON.getNodeFactory()::textNode).toList());
        body.put("parallelism", parallelism);
        JsonNode response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jars/" + jarId + "/run"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        return response.path("jobid").asText();
    }

    /** The job's state as Flink names it: RUNNING, FINISHED, FAILED, CANCELED... */
    public String jobState(String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** The job's details: name, state, vertices with their status. */
    public JsonNode job(String jobId) throws IOException {
        return get("/jobs/" + jobId);
    }

    /** Every job the cluster knows, with id and status. */
    public JsonNode jobs() throws IOException {
        return get("/jobs");
    }

    /** The job's latest failure, first lines of its stack trace; empty when it has none. */
    public String rootException(String jobId) throws IOException {
        String trace = get("/jobs/" + jobId + "/exceptions").path("root-exception").asText("");
        String[] lines = trace.split("\n");
        return String.join(" | ", java.util.Arrays.copyOf(lines, Math.min(lines.length, 3)));
    }

    /** The job's completed checkpoints count. */
    public long completedCheckpoints(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /**
     * The job's checkpoint statistics as Flink's REST API gives them: counts, the latest completed
     * and restored checkpoints (id, trigger and restore times), and the recent history.
     */
    public JsonNode checkpoints(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** How many times the job was restored from a checkpoint (after a lost task manager, a failure). */
    public long restoredCheckpoints(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong();
    }

    /**
     * The sum over its subtasks of an operator metric, found by the vertex's name containing
     * {@code vertex} and the metric's name ending with {@code metric}; -1 when there is none yet.
     */
    public long operatorMetric(String jobId, String vertex, String metric) throws IOException {
        for (JsonNode v : job(jobId).path("vertices")) {
            if (!v.path("name").asText().contains(vertex)) {
                continue;
            }
            String base = "/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/metrics";
            List<String> ids = new java.util.ArrayList<>();
            get(base).forEach(m -> {
                if (m.path("id").asText().endsWith(metric)) {
                    ids.add(m.path("id").asText());
                }
            });
            if (ids.isEmpty()) {
                return -1;
            }
            long sum = 0;
            for (JsonNode m : get(base + "?get=" + String.join(",", ids))) {
                sum += (long) Double.parseDouble(m.path("value").asText("0"));
            }
            return sum;
        }
        return -1;
    }

    public void cancel(String jobId) throws IOException {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(10))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Uploads a job jar; returns the id {@link #run} takes. */
    public String upload(Path jar) throws IOException {
        String boundary = "confab-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        String filename = response.path("filename").asText();
        return Path.of(filename).getFileName().toString();
    }

    private JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    private JsonNode send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("Flink REST " + request.method() + " " + request.uri().getPath()
                        + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
