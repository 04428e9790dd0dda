package io.confab.orchestration.recordings;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.CassandraNode;
import io.confab.orchestration.platform.Platform;
import io.confab.storage.s3.S3Layout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recordings as the mixer leaves them, written into the real Cassandra and S3 of the shared
 * platform (rows as in storage's schema.cql, objects under S3Layout's prefix), and the accounts,
 * meetings and tokens of the real meeting service.
 */
public final class RecordingFixtures implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static byte[] mp4;

    public final Platform platform;
    public final String web;
    public final CqlSession cassandra;
    public final S3Client s3;
    final String bucket;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RecordingFixtures(SharedPlatform.Running running) {
        this.platform = running.platform();
        this.web = platform.web().address();
        this.cassandra = CassandraNode.session(platform.cassandra().address(), platform.cassandra().datacenter(), Duration.ofSeconds(30));
        this.s3 = platform.s3().client();
        this.bucket = platform.config().s3().bucket();
    }

    public record Account(String token, String accountId, String email) {
    }

    public record Answer(int status, JsonNode body, String raw) {
        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    /** A recording written as the mixer writes one: its files and their rows. */
    public record Recorded(String accountId, String meetingId, String recordingId, Instant startedAt, String mp4Key) {
    }

    public Account signUp(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        Answer accepted = send("POST", "/api/auth/signup", Map.of("email", email, "password", "a long passphrase", "displayName", name), null);
        assertEquals(202, accepted.status(), "sign-up: " + accepted);
        Answer answer = send("POST", "/api/auth/signin", Map.of("email", email, "password", "a long passphrase"), null);
        assertEquals(200, answer.status(), "sign-in after sign-up: " + answer);
        return new Account(answer.body().path("token").asText(), answer.body().path("user").path("accountId").asText(), email);
    }

    public String meeting(Account host) {
        Answer answer = send("POST", "/api/meetings", Map.of("topic", "Recorded meeting", "type", "INSTANT",
                "settings", Map.of("waitingRoom", false, "joinBeforeHost", true)), host.token());
        assertEquals(201, answer.status(), "create meeting: " + answer);
        return answer.body().path("id").asText();
    }

    /** A guest's token for one meeting, from the meeting service's join. */
    public String guestToken(String meetingId) {
        Answer answer = send("POST", "/api/meetings/" + meetingId + "/join", Map.of("displayName", "Guest"), null);
        assertEquals(200, answer.status(), "guest join: " + answer);
        assertEquals("GUEST", answer.body().path("role").asText());
        return answer.body().path("token").asText();
    }

    /** A 3 s H.264 + AAC MP4 with its moov at the front, made once by the Debian ffmpeg CLI. */
    public static synchronized byte[] mp4() {
        if (mp4 == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target/recordings-test"));
                Path file = dir.resolve("three-seconds.mp4");
                Process ffmpeg = new ProcessBuilder("ffmpeg", "-y", "-loglevel", "error",
                        "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=25",
                        "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
                        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart",
                        file.toString()).redirectErrorStream(true).start();
                String output = new String(ffmpeg.getInputStream().readAllBytes());
                assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, "ffmpeg failed: " + output);
                mp4 = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("the recordings tests need the ffmpeg CLI (Debian package ffmpeg)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return mp4;
    }

    /** A READY recording started at {@code startedAt}: MP4, M4A and poster objects and their rows. */
    public Recorded record(String accountId, String meetingId, Instant startedAt, List<String> participants) {
        String recordingId = UUID.randomUUID().toString();
        Instant started = startedAt.truncatedTo(ChronoUnit.MILLIS);
        byte[] video = mp4();
        String mp4Key = S3Layout.recording(accountId, meetingId, recordingId, "recording.mp4");
        String m4aKey = S3Layout.recording(accountId, meetingId, recordingId, "recording.m4a");
        String posterKey = S3Layout.recording(accountId, meetingId, recordingId, "poster.jpg");
        put(mp4Key, video, "video/mp4");
        put(m4aKey, "m4a bytes".getBytes(), "audio/mp4");
        put(posterKey, "jpeg bytes".getBytes(), "image/jpeg");
        file(meetingId, recordingId, "mp4", mp4Key, accountId, video.length, "video/mp4", started);
        file(meetingId, recordingId, "m4a", m4aKey, accountId, 9, "audio/mp4", started);
        file(meetingId, recordingId, "poster", posterKey, accountId, 10, "image/jpeg", started);
        cassandra.execute("INSERT INTO confab.recordings_by_account (account_id, started_at, recording_id, meeting_id, ended_at, "
                        + "duration_ms, status, audio_only, participants, poster_s3_key) VALUES (?, ?, ?, ?, ?, ?, 'READY', false, ?, ?)",
                accountId, started, recordingId, meetingId, started.plusSeconds(3), 3000L, participants, posterKey);
        return new Recorded(accountId, meetingId, recordingId, started, mp4Key);
    }

    private void put(String key, byte[] bytes, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    private void file(String meetingId, String recordingId, String kind, String key, String accountId, long size,
                      String contentType, Instant started) {
        cassandra.execute("INSERT INTO confab.recordings_by_meeting (meeting_id, recording_id, kind, s3_key, account_id, s3_bucket, "
                        + "size_bytes, duration_ms, content_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 3000, ?, ?)",
                meetingId, recordingId, kind, key, accountId, bucket, size, contentType, started.plusSeconds(5));
    }

    public boolean objectExists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public boolean rowExists(Recorded recording) {
        return cassandra.execute("SELECT recording_id FROM confab.recordings_by_account WHERE account_id = ? AND started_at = ? AND recording_id = ?",
                recording.accountId(), recording.startedAt(), recording.recordingId()).one() != null
                || cassandra.execute("SELECT kind FROM confab.recordings_by_meeting WHERE meeting_id = ? AND recording_id = ?",
                recording.meetingId(), recording.recordingId()).one() != null;
    }

    public Answer get(String path, String token) {
        return send("GET", path, null, token);
    }

    public Answer send(String method, String path, Object body, String token) {
        return sendTo(web + path, method, body, token);
    }

    public Answer sendTo(String url, String method, Object body, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node;
            try {
                node = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                node = JSON.createObjectNode();
            }
            return new Answer(response.statusCode(), node, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public byte[] download(String url, String range) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            if (range != null) {
                request.header("Range", range);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(range == null ? 200 : 206, response.statusCode(), "GET of the presigned URL " + url);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        cassandra.close();
        s3.close();
    }
}
