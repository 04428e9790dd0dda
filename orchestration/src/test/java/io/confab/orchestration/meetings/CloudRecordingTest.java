package io.confab.orchestration.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.bot.Bot;
import io.confab.bot.BotMedia;
import io.confab.bot.BotReport;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.CassandraNode;
import io.confab.orchestration.platform.Platform;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import io.confab.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud recording end to end on the real platform: two bots send known content (a flash and a
 * 1 kHz beep at the same instants; 440 Hz beeps at others) through the real SFU, the host records,
 * and the Flink job on the session cluster makes the files. What a user downloads is checked as a
 * player would: streams, duration against the wall-clock time recorded, lip sync, one voice per
 * participant track. A second recording survives its TaskManager being killed mid-way.
 */
@ExtendWith(SharedPlatform.class)
class CloudRecordingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRecordedMeetingBecomesAnMp4AnM4aAndOneTrackPerParticipantInSync(SharedPlatform.Running running) throws Exception {
        Recorded recorded = record(running, Duration.ofSeconds(16), Map.of(), null);

        Path mp4 = download(running.platform(), recorded.file(ArtifactKind.MP4));
        JsonNode probe = probe(mp4);
        assertEquals(List.of("h264", "aac"), codecs(probe));
        double duration = probe.path("format").path("duration").asDouble();
        assertTrue(Math.abs(duration - recorded.seconds()) <= 1.0,
                "MP4 lasts " + duration + " s, the recording " + recorded.seconds() + " s of wall-clock time");
        assertEquals("", decodeErrors(mp4), "the MP4 decodes cleanly");
        checkLipSync(mp4);

        Path m4a = download(running.platform(), recorded.file(ArtifactKind.M4A));
        assertEquals(List.of("aac"), codecs(probe(m4a)));
        assertEquals("", decodeErrors(m4a));

        List<RecordingArtifact> tracks = recorded.all(ArtifactKind.TRACK);
        assertEquals(2, tracks.size(), "one track per participant: " + tracks);
        for (RecordingArtifact track : tracks) {
            Path file = download(running.platform(), track);
            boolean flasher = track.getParticipantId().equals(recorded.participants().get("Flo"));
            List<Long> high = onsets(loudness(file, 1000), 0.02);
            List<Long> low = onsets(loudness(file, 440), 0.02);
            if (flasher) {
                assertTrue(high.size() >= 5, "Flo's track has her 1 kHz beeps: " + high);
                assertTrue(low.isEmpty(), "Flo's track has none of Lou's 440 Hz beeps: " + low);
            } else {
                assertTrue(low.size() >= 5, "Lou's track has his 440 Hz beeps: " + low);
                assertTrue(high.isEmpty(), "Lou's track has none of Flo's 1 kHz beeps: " + high);
            }
        }
        for (ArtifactKind kind : List.of(ArtifactKind.POSTER, ArtifactKind.CHAT_LOG, ArtifactKind.CHAT_JSON, ArtifactKind.TIMELINE)) {
            assertFalse(recorded.all(kind).isEmpty(), "a " + kind + " file: " + recorded.artifacts());
        }
        JsonNode timeline = JSON.readTree(Files.readAllBytes(download(running.platform(), recorded.file(ArtifactKind.TIMELINE))));
        assertEquals(recorded.recordingId(), timeline.path("recordingId").asText());

        // Post-processing follows on its own: the phone copy and the contact sheet.
        List<RecordingArtifact> post = MeetingEventLog.artifacts(running.platform().kafka().address(), recorded.meetingId(),
                found -> found.stream().filter(a -> a.getRecordingId().equals(recorded.recordingId()))
                        .map(RecordingArtifact::getKind).collect(Collectors.toSet())
                        .containsAll(Set.of(ArtifactKind.MP4_360P, ArtifactKind.CONTACT_SHEET)), Duration.ofSeconds(180));
        RecordingArtifact phone = post.stream().filter(a -> a.getKind() == ArtifactKind.MP4_360P).findFirst()
                .orElseThrow(() -> new AssertionError("no 360p copy within 180 s: " + post));
        JsonNode phoneProbe = probe(download(running.platform(), phone));
        assertEquals(360, phoneProbe.path("streams").get(0).path("height").asInt());
        assertEquals(List.of("h264", "aac"), codecs(phoneProbe));

        // And it plays in Chromium from the recordings page on the web origin.
        try (io.confab.orchestration.browser.Browser browser = new io.confab.orchestration.browser.Browser("cloud-recording")) {
            String web = running.platform().web().address();
            browser.open(web + "/");
            browser.script("sessionStorage.setItem('confab.token', arguments[0]);", recorded.hostToken());
            browser.open(web + "/recordings");
            String card = "li[data-recording-id='" + recorded.recordingId() + "']";
            browser.awaitText(card, "Lou");
            browser.click(card + " button.play");
            Object advanced = browser.until(driver -> {
                Object time = browser.script("const v = document.getElementById('video');"
                        + " return v.error ? 'error ' + v.error.code + ' ' + v.error.message : v.currentTime;");
                return time instanceof String || ((Number) time).doubleValue() > 1.0 ? time : null;
            });
            assertTrue(advanced instanceof Number, "the recording should play in Chromium, got " + advanced);
        }

        try (CqlSession cql = CassandraNode.session(running.platform().cassandra().address(), "datacenter1", Duration.ofSeconds(10))) {
            List<Row> files = cql.execute("SELECT kind FROM confab.recordings_by_meeting WHERE meeting_id = ? AND recording_id = ?",
                    recorded.meetingId(), recorded.recordingId()).all();
            Set<String> kinds = files.stream().map(r -> r.getString("kind")).collect(Collectors.toSet());
            assertTrue(kinds.containsAll(Set.of("mp4", "m4a", "track", "poster", "chat", "chat-json", "timeline")), "rows: " + kinds);
            Row row = cql.execute("SELECT status, duration_ms, participants FROM confab.recordings_by_account WHERE account_id = ?",
                    recorded.accountId()).one();
            assertEquals("READY", row.getString("status"));
            assertTrue(row.getList("participants", String.class).containsAll(List.of("Flo", "Lou")), row.getFormattedContents());
        }
    }

    @Test
    void aRecordingSurvivesItsTaskManagerBeingKilled(SharedPlatform.Running running) throws Exception {
        String job = running.platform().jobs().recordingJobId();
        long restoresBefore = running.platform().flink().rest().restoredCheckpoints(job);
        Recorded recorded = record(running, Duration.ofSeconds(24), Map.of(), platform -> {
            platform.flink().killTaskManager();
            platform.flink().startTaskManager();
        });
        // What a failure below needs to be understood: which checkpoint the job came back from, and
        // whether the mixer dropped packets it held for want of their recording's start.
        String restore = restoreReport(running.platform(), job, recorded);
        assertTrue(running.platform().flink().rest().restoredCheckpoints(job) > restoresBefore,
                "the recording job restored from a checkpoint after the kill; " + restore);

        Path mp4 = download(running.platform(), recorded.file(ArtifactKind.MP4));
        double duration = probe(mp4).path("format").path("duration").asDouble();
        assertTrue(Math.abs(duration - recorded.seconds()) <= 1.0,
                "MP4 lasts " + duration + " s, the recording " + recorded.seconds() + " s of wall-clock time");
        assertEquals("", decodeErrors(mp4));
        // No gap over 1 s and nothing twice: the video's frames follow each other closely, and the
        // beeps (every 2 s, from the audio, which needs no key frame) keep their rhythm across the crash.
        List<Double> frames = frameTimes(mp4);
        for (int i = 1; i < frames.size(); i++) {
            double step = frames.get(i) - frames.get(i - 1);
            assertTrue(step > 0 && step < 1.0, "frames at " + frames.get(i - 1) + " s and " + frames.get(i) + " s");
        }
        List<Long> beeps = onsets(loudness(mp4, 1000), 0.02);
        assertTrue(beeps.size() >= recorded.seconds() / 2 - 2, "a beep every 2 s: " + beeps + "; " + restore);
        for (int i = 1; i < beeps.size(); i++) {
            long step = beeps.get(i) - beeps.get(i - 1);
            assertTrue(Math.abs(step - 2000) <= 200, "beeps " + (i - 1) + " and " + i + " are " + step + " ms apart: " + beeps
                    + "; " + restore);
        }
    }

    /** The checkpoint the recording job last restored, against the recording's start, and the mixer's held packets. */
    private static String restoreReport(Platform platform, String job, Recorded recorded) throws IOException {
        JsonNode restored = platform.flink().rest().checkpoints(job).path("latest").path("restored");
        long held = platform.flink().rest().operatorMetric(job, "recording-mixer", "packets_held_for_window");
        long expired = platform.flink().rest().operatorMetric(job, "recording-mixer", "packets_held_expired");
        String report = "recording started " + recorded.startedAt() + "; restored checkpoint " + restored.path("id").asText("none")
                + " at " + Instant.ofEpochMilli(restored.path("restore_timestamp").asLong()) + "; mixer packets held for their recording "
                + held + ", of them expired " + expired;
        System.out.println("recording " + recorded.recordingId() + ": " + report);
        return report;
    }

    @Test
    void postProcessingThatFailsOnceStillProducesThePhoneCopy(SharedPlatform.Running running) throws Exception {
        Platform platform = running.platform();
        String meetingId = "post-" + java.util.UUID.randomUUID();
        String recordingId = java.util.UUID.randomUUID().toString();
        String key = io.confab.storage.s3.S3Layout.recording("acct-post", meetingId, recordingId, "recording.mp4");
        Path mp4 = dir.resolve("in.mp4");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=3", "-f", "lavfi", "-i", "sine=f=440:d=3",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", "-movflags", "+faststart", mp4.toString());
        var flink = platform.flink().rest();
        String job = platform.jobs().recordingJobId();
        long retriedBefore = Math.max(0, flink.operatorMetric(job, "recording-post-processor", "confab_recording_post.retried"));

        // The MP4's event comes before the MP4 can be read: the first attempt fails for real (S3: no such key).
        RecordingArtifact artifact = RecordingArtifact.newBuilder().setAccountId("acct-post").setMeetingId(meetingId)
                .setRecordingId(recordingId).setKind(ArtifactKind.MP4).setS3Bucket(platform.config().s3().bucket()).setS3Key(key)
                .setSizeBytes(Files.size(mp4)).setDurationMs(3000L).setContentType("video/mp4").setCreatedAt(Instant.now()).build();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", platform.kafka().address()), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(io.confab.storage.topics.Topics.RECORDING_ARTIFACTS,
                    meetingId, io.confab.storage.codec.Codecs.RECORDING_ARTIFACTS.encode(artifact))).get();
        }
        Eventually.within(Duration.ofSeconds(120)).every(Duration.ofMillis(500)).until("the post-processor to fail a first attempt",
                () -> flink.operatorMetric(job, "recording-post-processor", "confab_recording_post.retried") > retriedBefore);
        try (var client = platform.s3().client()) {
            client.putObject(b -> b.bucket(platform.config().s3().bucket()).key(key),
                    software.amazon.awssdk.core.sync.RequestBody.fromFile(mp4));
        }

        List<RecordingArtifact> made = MeetingEventLog.artifacts(platform.kafka().address(), meetingId,
                found -> found.stream().anyMatch(a -> a.getKind() == ArtifactKind.MP4_360P)
                        && found.stream().anyMatch(a -> a.getKind() == ArtifactKind.CONTACT_SHEET), Duration.ofSeconds(120));
        RecordingArtifact phone = made.stream().filter(a -> a.getKind() == ArtifactKind.MP4_360P).findFirst()
                .orElseThrow(() -> new AssertionError("no 360p copy after the retry: " + made));
        JsonNode probe = probe(download(platform, phone));
        assertEquals(640, probe.path("streams").get(0).path("width").asInt());
    }

    @Test
    void aRecordingTheHostStartsAudioOnlyHasTheM4aAndTracksButNoVideo(SharedPlatform.Running running) throws Exception {
        Recorded recorded = record(running, Duration.ofSeconds(8), Map.of("audioOnly", true), null);

        Path m4a = download(running.platform(), recorded.file(ArtifactKind.M4A));
        JsonNode probe = probe(m4a);
        assertEquals(List.of("aac"), codecs(probe));
        double duration = probe.path("format").path("duration").asDouble();
        assertTrue(Math.abs(duration - recorded.seconds()) <= 1.0,
                "M4A lasts " + duration + " s, the recording " + recorded.seconds() + " s of wall-clock time");
        assertEquals(2, recorded.all(ArtifactKind.TRACK).size(), "one track per participant: " + recorded.artifacts());
        recorded.file(ArtifactKind.TIMELINE);
        for (ArtifactKind video : List.of(ArtifactKind.MP4, ArtifactKind.THUMBNAIL, ArtifactKind.POSTER)) {
            assertEquals(List.of(), recorded.all(video), "an audio-only recording has no " + video);
        }
        assertEquals(400, new MeetingFixtures(running).api.post("/api/meetings/" + recorded.meetingId() + "/recording/start",
                Map.of("layout", "mosaic"), recorded.hostToken()).status(), "an unknown layout is refused by name");
    }

    /** What one recording produced. */
    record Recorded(String accountId, String hostToken, String meetingId, String recordingId, Instant startedAt, double seconds,
                    Map<String, String> participants, List<RecordingArtifact> artifacts) {
        RecordingArtifact file(ArtifactKind kind) {
            return all(kind).stream().findFirst().orElseThrow(() -> new AssertionError("no " + kind + " among " + artifacts));
        }

        List<RecordingArtifact> all(ArtifactKind kind) {
            return artifacts.stream().filter(a -> a.getKind() == kind && a.getRecordingId().equals(recordingId)).toList();
        }
    }

    interface MidRecording {
        void act(Platform platform) throws Exception;
    }

    /**
     * Runs a two-bot meeting, records it for {@code length} with the host's {@code options} (the body of
     * POST .../recording/start), doing {@code midway} at a third of it, and waits for the files.
     */
    private Recorded record(SharedPlatform.Running running, Duration length, Map<String, ?> options, MidRecording midway)
            throws Exception {
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Flo");
        Map<String, Object> settings = new java.util.HashMap<>(MeetingFixtures.open());
        settings.put("allowRecording", true);
        String meetingId = fixtures.instantMeeting(host, null, settings);
        Path flashing = RecordingClips.flashingVideo(dir);
        Path dark = RecordingClips.darkVideo(dir);
        Path high = RecordingClips.beeps(dir, "high", 1000, RecordingClips.FLASH_MS);
        Path low = RecordingClips.beeps(dir, "low", 440, RecordingClips.LOW_BEEP_MS);
        Duration botTime = length.plusSeconds(20);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Bot flo = new Bot(new Bot.Options(fixtures.webUrl, meetingId, "Flo", null, host.token(), botTime, false),
                BotMedia.audio(high), BotMedia.video(flashing, 1));
             Bot lou = new Bot(new Bot.Options(fixtures.webUrl, meetingId, "Lou", null, null, botTime, false),
                     BotMedia.audio(low), BotMedia.video(dark, 1))) {
            Future<BotReport> floRun = pool.submit(flo::run);
            Future<BotReport> louRun = pool.submit(lou::run);
            Map<String, String> participants = Map.of("Flo", flo.joined().get(60, TimeUnit.SECONDS),
                    "Lou", lou.joined().get(60, TimeUnit.SECONDS));
            BotsInAMeetingTest.awaitForwarding(fixtures, 1_000);
            ApiClient.Answer started = fixtures.api.post("/api/meetings/" + meetingId + "/recording/start", options, host.token());
            assertEquals(200, started.status(), started.toString());
            String recordingId = started.body().path("recordingId").asText();
            if (midway != null) {
                Thread.sleep(length.toMillis() / 3);
                midway.act(running.platform());
                Thread.sleep(length.toMillis() - length.toMillis() / 3);
            } else {
                Thread.sleep(length.toMillis());
            }
            ApiClient.Answer stopped = fixtures.api.post("/api/meetings/" + meetingId + "/recording/stop", Map.of(), host.token());
            assertEquals(200, stopped.status(), stopped.toString());
            Instant stopAt = Instant.now();
            fixtures.api.post("/api/meetings/" + meetingId + "/end", Map.of(), host.token());
            floRun.get(60, TimeUnit.SECONDS);
            louRun.get(60, TimeUnit.SECONDS);

            List<RecordingArtifact> artifacts = MeetingEventLog.artifacts(fixtures.kafka, meetingId,
                    found -> found.stream().anyMatch(a -> a.getKind() == ArtifactKind.TIMELINE && a.getRecordingId().equals(recordingId)),
                    Duration.ofSeconds(240));
            assertTrue(artifacts.stream().anyMatch(a -> a.getKind() == ArtifactKind.M4A),
                    "recording " + recordingId + " was finalized within 240 s of its stop: " + artifacts);
            System.out.printf("recording %s: stop to every file published in %.1f s%n", recordingId,
                    Duration.between(stopAt, Instant.now()).toMillis() / 1000.0);

            List<MeetingEvent> events = MeetingEventLog.events(fixtures.kafka, meetingId,
                    found -> found.stream().anyMatch(e -> e.getPayload() instanceof RecordingStopped));
            Instant from = events.stream().filter(e -> e.getPayload() instanceof RecordingStarted).findFirst().orElseThrow().getOccurredAt();
            Instant to = events.stream().filter(e -> e.getPayload() instanceof RecordingStopped).findFirst().orElseThrow().getOccurredAt();
            return new Recorded(host.accountId(), host.token(), meetingId, recordingId, from, Duration.between(from, to).toMillis() / 1000.0,
                    participants, artifacts);
        } finally {
            pool.shutdownNow();
        }
    }

    private Path download(Platform platform, RecordingArtifact artifact) throws IOException {
        Path file = dir.resolve(artifact.getS3Key().substring(artifact.getS3Key().lastIndexOf('/') + 1));
        try (var client = platform.s3().client(); InputStream in = client.getObject(b -> b.bucket(artifact.getS3Bucket()).key(artifact.getS3Key()))) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertEquals(artifact.getSizeBytes(), Files.size(file), "the size the artifact event gave for " + artifact.getS3Key());
        return file;
    }

    /** Flashes (video brightness) and 1 kHz beeps (audio) of the flashing participant agree within 100 ms, first and last. */
    private static void checkLipSync(Path mp4) throws IOException, InterruptedException {
        List<double[]> frames = brightness(mp4);
        double dark = frames.stream().mapToDouble(f -> f[1]).min().orElseThrow();
        double bright = frames.stream().mapToDouble(f -> f[1]).max().orElseThrow();
        List<Long> flashes = new ArrayList<>();
        boolean on = false;
        for (double[] f : frames) {
            boolean now = f[1] > dark + (bright - dark) / 2;
            if (now && !on) {
                flashes.add(Math.round(f[0]));
            }
            on = now;
        }
        List<Long> beeps = onsets(loudness(mp4, 1000), 0.02);
        assertTrue(flashes.size() >= 4 && beeps.size() >= 4, "flashes " + flashes + ", beeps " + beeps);
        for (long flash : List.of(flashes.get(0), flashes.get(flashes.size() - 1))) {
            long nearest = beeps.stream().min(java.util.Comparator.comparingLong(b -> Math.abs(b - flash))).orElseThrow();
            assertTrue(Math.abs(nearest - flash) <= 100, "flash at " + flash + " ms and beep at " + nearest + " ms: out of sync; flashes "
                    + flashes + ", beeps " + beeps);
        }
    }

    private static List<String> codecs(JsonNode probe) {
        List<String> codecs = new ArrayList<>();
        probe.path("streams").forEach(s -> codecs.add(s.path("codec_name").asText()));
        return codecs;
    }

    private static JsonNode probe(Path file) throws IOException, InterruptedException {
        return JSON.readTree(run("ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString()));
    }

    private static String decodeErrors(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-").redirectErrorStream(true).start();
        String errors = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(120, TimeUnit.SECONDS);
        return errors;
    }

    private static List<Double> frameTimes(Path file) throws IOException, InterruptedException {
        JsonNode frames = JSON.readTree(run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time",
                "-print_format", "json", file.toString())).path("frames");
        List<Double> times = new ArrayList<>();
        frames.forEach(f -> times.add(f.path("pts_time").asDouble()));
        return times;
    }

    private static List<double[]> brightness(Path file) throws IOException, InterruptedException {
        byte[] gray = run("ffmpeg", "-v", "error", "-i", file.toString(), "-an", "-vf", "scale=64:36", "-pix_fmt", "gray",
                "-fps_mode", "passthrough", "-f", "rawvideo", "-");
        List<Double> times = frameTimes(file);
        List<double[]> out = new ArrayList<>();
        int size = 64 * 36;
        for (int f = 0; f < gray.length / size && f < times.size(); f++) {
            long sum = 0;
            for (int i = 0; i < size; i++) {
                sum += gray[f * size + i] & 0xff;
            }
            out.add(new double[] {times.get(f) * 1000, (double) sum / size});
        }
        return out;
    }

    /** RMS of each 10 ms of the audio around {@code hz}. */
    private static double[] loudness(Path file, int hz) throws IOException, InterruptedException {
        byte[] raw = run("ffmpeg", "-v", "error", "-i", file.toString(), "-vn", "-ac", "1", "-ar", "8000", "-af",
                "bandpass=f=" + hz + ":width_type=h:w=100,bandpass=f=" + hz + ":width_type=h:w=100", "-f", "s16le", "-");
        ByteBuffer pcm = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double[] rms = new double[pcm.remaining() / 160];
        for (int b = 0; b < rms.length; b++) {
            double sum = 0;
            for (int i = 0; i < 80; i++) {
                double s = pcm.getShort() / 32768.0;
                sum += s * s;
            }
            rms[b] = Math.sqrt(sum / 80);
        }
        return rms;
    }

    private static List<Long> onsets(double[] rms, double threshold) {
        List<Long> onsets = new ArrayList<>();
        boolean above = false;
        for (int i = 0; i < rms.length; i++) {
            if (!above && rms[i] > threshold) {
                onsets.add(i * 10L);
            }
            above = rms[i] > threshold;
        }
        return onsets;
    }

    private static byte[] run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
        return out.toByteArray();
    }
}
