package io.confab.orchestration.recordings;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The post-meeting API's recordings endpoints on the running platform: data-api as its own process,
 * reached through the web origin, over rows in the real Cassandra and objects in the real S3, with
 * tokens of the real meeting service.
 */
@ExtendWith(SharedPlatform.class)
class RecordingsApiTest {

    private RecordingFixtures fixtures;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        fixtures = new RecordingFixtures(running);
    }

    @AfterEach
    void disconnect() {
        fixtures.close();
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("recordings").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    private static JsonNode file(JsonNode recording, String kind) {
        for (JsonNode f : recording.path("files")) {
            if (f.path("kind").asText().equals(kind)) {
                return f;
            }
        }
        throw new AssertionError("no " + kind + " file in " + recording);
    }

    @Test
    void listsGetsAndDeletesARecordingThroughTheWebOrigin() {
        RecordingFixtures.Account owner = fixtures.signUp("Owner");
        String meeting = fixtures.meeting(owner);
        RecordingFixtures.Recorded older = fixtures.record(owner.accountId(), meeting, Instant.now().minusSeconds(7200), List.of("Ann"));
        RecordingFixtures.Recorded newer = fixtures.record(owner.accountId(), meeting, Instant.now().minusSeconds(600), List.of("Ann", "Bo"));

        RecordingFixtures.Answer list = fixtures.get("/api/recordings", owner.token());
        assertEquals(200, list.status(), list.toString());
        assertEquals(List.of(newer.recordingId(), older.recordingId()), ids(list.body()), "newest first: " + list);
        JsonNode first = list.body().path("recordings").get(0);
        assertEquals(meeting, first.path("meetingId").asText());
        assertEquals(3, first.path("durationSeconds").asInt());
        assertEquals("READY", first.path("status").asText());
        assertEquals("[\"Ann\",\"Bo\"]", first.path("participants").toString());
        assertTrue(first.path("posterUrl").asText().contains("X-Amz-Signature"), first.toString());

        RecordingFixtures.Answer ofMeeting = fixtures.get("/api/meetings/" + meeting + "/recordings", owner.token());
        assertEquals(List.of(newer.recordingId(), older.recordingId()), ids(ofMeeting.body()), ofMeeting.toString());

        RecordingFixtures.Answer one = fixtures.get("/api/recordings/" + newer.recordingId(), owner.token());
        assertEquals(200, one.status(), one.toString());
        assertEquals(List.of("mp4", "m4a", "poster"), one.body().path("files").findValuesAsText("kind"));
        JsonNode mp4 = file(one.body(), "mp4");
        assertEquals(RecordingFixtures.mp4().length, mp4.path("sizeBytes").asLong());
        Instant expires = Instant.parse(mp4.path("urlExpiresAt").asText());
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(55))) && expires.isBefore(Instant.now().plus(Duration.ofMinutes(61))),
                "links live an hour by default, this one until " + expires);
        // The presigned URL goes straight to S3 and gives the exact bytes; Range works there for seeking.
        assertArrayEquals(RecordingFixtures.mp4(), fixtures.download(mp4.path("url").asText(), null));
        assertArrayEquals(Arrays.copyOfRange(RecordingFixtures.mp4(), 100, 200), fixtures.download(mp4.path("url").asText(), "bytes=100-199"));

        RecordingFixtures.Answer forged = fixtures.get("/api/recordings", owner.token() + "x");
        assertEquals(401, forged.status(), forged.toString());
        assertTrue(forged.body().path("detail").asText().contains("signature"), forged.toString());
        RecordingFixtures.Answer anonymous = fixtures.get("/api/recordings", null);
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertEquals(401, anonymous.body().path("status").asInt(), "a problem details body: " + anonymous);
        assertTrue(anonymous.body().path("detail").asText().contains("Authorization: Bearer"), anonymous.toString());

        RecordingFixtures.Answer deleted = fixtures.send("DELETE", "/api/recordings/" + newer.recordingId(), null, owner.token());
        assertEquals(204, deleted.status(), deleted.toString());
        assertFalse(fixtures.objectExists(newer.mp4Key()), "the MP4 object is deleted");
        assertFalse(fixtures.rowExists(newer), "the rows are deleted");
        assertEquals(404, fixtures.get("/api/recordings/" + newer.recordingId(), owner.token()).status());
        assertEquals(List.of(older.recordingId()), ids(fixtures.get("/api/recordings", owner.token()).body()));
        assertTrue(fixtures.objectExists(older.mp4Key()), "the other recording stays");
    }

    @Test
    void anotherAccountGetsNotFoundAndDeletesNothing() {
        RecordingFixtures.Account owner = fixtures.signUp("Keeper");
        RecordingFixtures.Account stranger = fixtures.signUp("Stranger");
        String meeting = fixtures.meeting(owner);
        RecordingFixtures.Recorded recording = fixtures.record(owner.accountId(), meeting, Instant.now().minusSeconds(60), List.of("Kay"));

        RecordingFixtures.Answer get = fixtures.get("/api/recordings/" + recording.recordingId() + "?meetingId=" + meeting, stranger.token());
        assertEquals(404, get.status(), get.toString());
        assertTrue(get.body().path("detail").asText().contains("no recording " + recording.recordingId()), get.toString());
        assertEquals(404, fixtures.send("DELETE", "/api/recordings/" + recording.recordingId(), null, stranger.token()).status());
        assertEquals(List.of(), ids(fixtures.get("/api/recordings", stranger.token()).body()));
        assertEquals(List.of(), ids(fixtures.get("/api/meetings/" + meeting + "/recordings", stranger.token()).body()));
        assertTrue(fixtures.rowExists(recording));
        assertTrue(fixtures.objectExists(recording.mp4Key()));
    }

    @Test
    void aGuestSeesOnlyItsMeetingsRecordingsAndDeletesNone() {
        RecordingFixtures.Account owner = fixtures.signUp("Host");
        String meeting = fixtures.meeting(owner);
        String other = fixtures.meeting(owner);
        RecordingFixtures.Recorded mine = fixtures.record(owner.accountId(), meeting, Instant.now().minusSeconds(300), List.of("Guest"));
        RecordingFixtures.Recorded elsewhere = fixtures.record(owner.accountId(), other, Instant.now().minusSeconds(200), List.of("Host"));
        String guest = fixtures.guestToken(meeting);

        assertEquals(List.of(mine.recordingId()), ids(fixtures.get("/api/recordings", guest).body()));
        assertEquals(200, fixtures.get("/api/recordings/" + mine.recordingId(), guest).status());
        assertEquals(404, fixtures.get("/api/recordings/" + elsewhere.recordingId(), guest).status());
        assertEquals(404, fixtures.get("/api/meetings/" + other + "/recordings", guest).status());
        RecordingFixtures.Answer delete = fixtures.send("DELETE", "/api/recordings/" + mine.recordingId(), null, guest);
        assertEquals(403, delete.status(), delete.toString());
        assertTrue(delete.body().path("detail").asText().contains("owner or host"), delete.toString());
        assertTrue(fixtures.rowExists(mine));
    }

    @Test
    void theRetentionSweepDeletesRecordingsOlderThanTheAccountsPolicy() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("Archivist");
        String meeting = fixtures.meeting(owner);
        RecordingFixtures.Recorded old = fixtures.record(owner.accountId(), meeting, Instant.now().minus(Duration.ofDays(3)), List.of("A"));
        RecordingFixtures.Recorded recent = fixtures.record(owner.accountId(), meeting, Instant.now().minus(Duration.ofHours(1)), List.of("A"));

        assertTrue(fixtures.get("/api/recordings/retention", owner.token()).body().path("days").isNull());
        RecordingFixtures.Answer set = fixtures.send("PUT", "/api/recordings/retention", Map.of("days", 2), owner.token());
        assertEquals(200, set.status(), set.toString());
        assertEquals(2, set.body().path("days").asInt());
        assertEquals(2, fixtures.get("/api/recordings/retention", owner.token()).body().path("days").asInt());
        RecordingFixtures.Answer bad = fixtures.send("PUT", "/api/recordings/retention", Map.of("days", -1), owner.token());
        assertEquals(400, bad.status(), bad.toString());

        Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(500)).until("the sweep (every "
                + SharedPlatform.RETENTION_SWEEP_SECONDS + " s) to delete a 3-day-old recording under a 2-day policy", () -> !fixtures.rowExists(old));
        assertFalse(fixtures.objectExists(old.mp4Key()), "with its objects");
        assertTrue(fixtures.rowExists(recent), "a recording within the policy stays");
        assertTrue(fixtures.objectExists(recent.mp4Key()));
        String metrics = fixtures.sendTo(fixtures.platform.dataApi().metricsAddress(), "GET", null, null).raw();
        assertTrue(metrics.matches("(?s).*confab_data_api_recordings_deleted_total\\{cause=\"retention\"\\} [1-9].*"), metrics);
    }

    @Test
    void theConfabCommandListsGetsAndDownloads() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("Terminal");
        String meeting = fixtures.meeting(owner);
        RecordingFixtures.Recorded recording = fixtures.record(owner.accountId(), meeting, Instant.now().minusSeconds(90), List.of("Tess"));
        String dataDir = fixtures.platform.config().dataDir().toString();

        Cli.Result list = Cli.run(Duration.ofSeconds(60), "recordings", "list", "--data-dir", dataDir, "--token", owner.token());
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains(recording.recordingId()) && list.out().contains("0:03") && list.out().contains("Tess"), list.out());

        Cli.Result get = Cli.run(Duration.ofSeconds(60), "recordings", "get", recording.recordingId(), "--data-dir", dataDir,
                "--token", owner.token());
        assertEquals(0, get.exitCode(), get.err());
        assertTrue(get.out().contains("recording.mp4") && get.out().contains("X-Amz-Signature"), get.out());

        Path out = Files.createDirectories(Path.of("target/recordings-test/download"));
        Cli.Result download = Cli.run(Duration.ofSeconds(60), "recordings", "download", recording.recordingId(),
                "--data-dir", dataDir, "--email", owner.email(), "--password=a long passphrase", "-o", out.toString());
        assertEquals(0, download.exitCode(), download.err());
        assertTrue(download.err().contains("downloading recording.mp4") && download.err().contains("done"), download.err());
        Path file = out.resolve(recording.recordingId() + "-recording.mp4");
        assertArrayEquals(RecordingFixtures.mp4(), Files.readAllBytes(file));

        Cli.Result missing = Cli.run(Duration.ofSeconds(60), "recordings", "get", "no-such-recording", "--data-dir", dataDir,
                "--token", owner.token());
        assertEquals(1, missing.exitCode());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(missing.err().contains("no recording no-such-recording") && missing.err().contains("confab recordings list"), missing.err());

        Cli.Result unsigned = Cli.run(Duration.ofSeconds(60), "recordings", "list", "--data-dir", dataDir);
        assertEquals(1, unsigned.exitCode());
        assertTrue(unsigned.err().contains("--token") && unsigned.err().contains("CONFAB_TOKEN"), unsigned.err());

        Cli.Result help = Cli.run(Duration.ofSeconds(60), "recordings", "download", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--kind"), help.out());
    }

    @Test
    void theOpenApiDocumentListsTheEndpointsAndPrometheusAnswers() {
        RecordingFixtures.Answer docs = fixtures.get("/api/data/v3/api-docs", null);
        assertEquals(200, docs.status(), docs.toString());
        JsonNode paths = docs.body().path("paths");
        for (String path : List.of("/api/recordings", "/api/recordings/{recordingId}", "/api/meetings/{meetingId}/recordings",
                "/api/recordings/retention")) {
            assertTrue(paths.has(path), path + " should be in the OpenAPI document: " + paths.fieldNames());
        }
        assertTrue(paths.path("/api/recordings/{recordingId}").has("delete"));
        assertTrue(paths.path("/api/recordings/retention").has("put"));
        assertEquals(fixtures.web, docs.body().path("servers").get(0).path("url").asText(), "the server URL is the web origin");

        RecordingFixtures.Answer health = fixtures.sendTo(fixtures.platform.dataApi().address() + "/actuator/health", "GET", null, null);
        assertEquals("UP", health.body().path("status").asText(), health.toString());
        String metrics = fixtures.sendTo(fixtures.platform.dataApi().metricsAddress(), "GET", null, null).raw();
        assertTrue(metrics.contains("# HELP confab_data_api_presigned_urls_total Presigned S3 GET URLs"), metrics);
        assertTrue(metrics.contains("http_server_requests_seconds"), "Spring's request timings are exported too");
    }
}
