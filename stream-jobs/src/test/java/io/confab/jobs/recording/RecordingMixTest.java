package io.confab.jobs.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.jobs.recording.bench.SyntheticMeeting;
import io.confab.jobs.recording.mix.Layout;
import io.confab.jobs.recording.output.RecordingFiles;
import io.confab.jobs.recording.output.RecordingFinalizer;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.RecordingArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording engine and finalizer on known content made by the real encoders, with the real
 * decoders and encoders, against an in-memory store: the files must hold the content in time and
 * in sync, and an engine rebuilt mid-recording (as after a task manager crash) must continue
 * the output without a gap or a repeat.
 */
class RecordingMixTest {

    static final long T0_MS = 1_700_000_000_000L;
    static final int SECONDS = 12;
    /** Alice's flashes and beeps (same instants), Bob's beeps: never at the same time as Alice's. */
    static final long[] ALICE = {1000, 3000, 5000, 7000, 9000, 11000};
    static final long[] BOB = {2000, 4000, 6000, 8000, 10000};

    @TempDir
    Path dir;

    @Test
    void recordsAMeetingIntoAnMp4AnM4aAndOneTrackPerParticipantInSync() throws Exception {
        MemoryStore store = new MemoryStore();
        RecordingWindow recording = recording();
        List<MediaPacket> arrivals = meeting().arrivals();

        try (RecordingMix engine = new RecordingMix(recording, config(), store)) {
            feed(engine, arrivals, recording, Long.MAX_VALUE);
            engine.finish(recording.stoppedAtMs * 1000);
            engine.describeInto(recording);
            recording.completedSegments = engine.completedSegments();
            assertEquals(0, engine.counters().unsupportedCodec);
            assertTrue(engine.counters().duplicates > 0, "the RTX-like repeats are recognised as duplicates");
        }
        assertTrue(recording.completedSegments == 3 || recording.completedSegments == 4,
                "12 s in segments of 4 s, and the encoders' last packets: " + recording.completedSegments);

        Map<String, Path> files = finalizeInto(store, recording);
        checkMp4(files.get("recording.mp4"));
        checkTracks(files);
        JsonNode m4a = MediaProbe.probe(files.get("audio.m4a"));
        assertEquals("aac", m4a.path("streams").get(0).path("codec_name").asText());
        assertEquals(1, m4a.path("streams").size());
        assertTrue(store.objects.keySet().stream().noneMatch(k -> k.endsWith(".seg")), "segments are deleted once finalized");
        String poster = store.objects.keySet().stream().filter(k -> k.endsWith(RecordingFiles.POSTER)).findFirst().orElseThrow();
        // Kept under target/ for a person to look at the composite.
        Files.write(Files.createDirectories(Path.of("target/recording-mix")).resolve("poster.jpg"), store.get(poster));
        Files.copy(files.get("recording.mp4"), Path.of("target/recording-mix/recording.mp4"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anEngineRebuiltMidRecordingContinuesWithoutGapOrRepeat() throws Exception {
        MemoryStore store = new MemoryStore();
        RecordingWindow recording = recording();
        List<MediaPacket> arrivals = meeting().arrivals();
        long crashAt = recording.startedAtMs * 1000 + 6_300_000;

        // The first engine runs until a crash at 6.3 s; it has written segment 0 (0-4 s) by then.
        RecordingMix first = new RecordingMix(recording, config(), store);
        feed(first, arrivals, recording, crashAt);
        first.describeInto(recording);
        recording.completedSegments = first.completedSegments();
        first.close();
        assertEquals(1, recording.completedSegments);

        // The rebuilt engine starts at segment 1 and is given what the operator kept (from the
        // last key frame of each video track before that segment), as the operator gives it.
        List<MediaPacket> seen = arrivals.stream().filter(p -> SyntheticMeeting.micros(p) <= crashAt).toList();
        boolean[] keep = RecordingMixer.keep(seen, recording, 4_000_000, 1_000_000);
        List<MediaPacket> kept = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            if (keep[i]) {
                kept.add(seen.get(i));
            }
        }
        assertTrue(kept.size() < seen.size(), "what segment 0 was made of is not kept");
        try (RecordingMix rebuilt = new RecordingMix(recording, config(), store)) {
            feed(rebuilt, kept, recording, Long.MAX_VALUE);
            feed(rebuilt, arrivals.stream().filter(p -> SyntheticMeeting.micros(p) > crashAt).toList(), recording, Long.MAX_VALUE);
            rebuilt.finish(recording.stoppedAtMs * 1000);
            rebuilt.describeInto(recording);
            recording.completedSegments = rebuilt.completedSegments();
        }

        Map<String, Path> files = finalizeInto(store, recording);
        checkMp4(files.get("recording.mp4"));
        checkTracks(files);
    }

    private static void feed(RecordingMix engine, List<MediaPacket> arrivals, RecordingWindow recording, long untilMicros) throws Exception {
        for (MediaPacket p : arrivals) {
            long arrival = SyntheticMeeting.micros(p);
            if (arrival > untilMicros) {
                return;
            }
            engine.offer(p);
            engine.advance(arrival - 1_000_000);
        }
    }

    private Map<String, Path> finalizeInto(MemoryStore store, RecordingWindow recording) throws Exception {
        List<RecordingArtifact> artifacts = new RecordingFinalizer(store, dir).finalize(recording);
        Map<ArtifactKind, Long> kinds = artifacts.stream().collect(Collectors.groupingBy(RecordingArtifact::getKind, Collectors.counting()));
        assertEquals(1L, kinds.get(ArtifactKind.MP4));
        assertEquals(1L, kinds.get(ArtifactKind.M4A));
        assertEquals(2L, kinds.get(ArtifactKind.TRACK), "one track per participant who spoke");
        assertEquals(1L, kinds.get(ArtifactKind.POSTER));
        assertEquals(1L, kinds.get(ArtifactKind.TIMELINE));
        assertEquals(artifacts.size(), store.files.size(), "one Cassandra row per file");
        Map<String, Path> files = new java.util.HashMap<>();
        for (RecordingArtifact a : artifacts) {
            String name = a.getS3Key().substring(a.getS3Key().lastIndexOf('/') + 1);
            Path file = dir.resolve("out-" + name);
            Files.write(file, store.get(a.getS3Key()));
            files.put(name, file);
        }
        return files;
    }

    private static void checkMp4(Path mp4) throws Exception {
        JsonNode probe = MediaProbe.probe(mp4);
        List<String> codecs = new ArrayList<>();
        probe.path("streams").forEach(s -> codecs.add(s.path("codec_name").asText()));
        assertEquals(List.of("h264", "aac"), codecs);
        double duration = probe.path("format").path("duration").asDouble();
        assertTrue(Math.abs(duration - SECONDS) < 1.0, "duration " + duration + " s is within 1 s of " + SECONDS);
        assertEquals("", MediaProbe.decodeErrors(mp4), "decodes without errors");
        byte[] head = Files.readAllBytes(mp4);
        assertTrue(indexOf(head, "moov") < indexOf(head, "mdat"), "moov before mdat (faststart)");

        List<double[]> frames = MediaProbe.brightness(mp4);
        double dark = frames.stream().mapToDouble(f -> f[1]).min().orElseThrow();
        double bright = frames.stream().mapToDouble(f -> f[1]).max().orElseThrow();
        List<Long> flashes = new ArrayList<>();
        boolean on = false;
        for (double[] f : frames) {
            boolean now = f[1] > (dark + bright) / 2;
            if (now && !on) {
                flashes.add(Math.round(f[0]));
            }
            on = now;
        }
        List<Long> beeps = MediaProbe.onsets(MediaProbe.loudness(mp4, 1000), 0.05, 10);
        assertEquals(ALICE.length, flashes.size(), "one flash each time, none lost or repeated: " + flashes);
        assertEquals(ALICE.length, beeps.size(), "one 1 kHz beep each time: " + beeps);
        for (int i = 0; i < ALICE.length; i++) {
            assertTrue(Math.abs(flashes.get(i) - beeps.get(i)) <= 100,
                    "flash " + i + " at " + flashes.get(i) + " ms and its beep at " + beeps.get(i) + " ms are within 100 ms");
            assertTrue(Math.abs(flashes.get(i) - ALICE[i]) <= 250, "flash " + i + " at " + flashes.get(i) + " ms, sent at " + ALICE[i]);
        }
    }

    private static void checkTracks(Map<String, Path> files) throws Exception {
        Function<String, List<Long>> beepsOf = name -> {
            try {
                return MediaProbe.onsets(MediaProbe.loudness(files.get(name), null), 0.05, 10);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<Long> alice = beepsOf.apply(RecordingFiles.track("alice"));
        List<Long> bob = beepsOf.apply(RecordingFiles.track("bob"));
        assertEquals(ALICE.length, alice.size(), "Alice's track holds her beeps: " + alice);
        assertEquals(BOB.length, bob.size(), "Bob's track holds his beeps: " + bob);
        for (int i = 0; i < BOB.length; i++) {
            assertTrue(Math.abs(bob.get(i) - BOB[i]) <= 150, "Bob's beep " + i + " at " + bob.get(i) + " ms on the meeting's timeline, sent at " + BOB[i]);
        }
        for (long beep : alice) {
            for (long his : BOB) {
                assertFalse(Math.abs(beep - his) < 300, "Alice's track has nothing of Bob's at " + his);
            }
        }
    }

    private static int indexOf(byte[] bytes, String box) {
        byte[] needle = box.getBytes();
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    static SyntheticMeeting meeting() {
        return new SyntheticMeeting(T0_MS * 1000 + 50_000)
                .video("alice", 1111, SECONDS, 640, 360, ALICE)
                .audio("alice", 2222, SECONDS, 1000, ALICE)
                .audio("bob", 3333, SECONDS, 440, BOB);
    }

    static RecordingWindow recording() {
        RecordingWindow r = new RecordingWindow();
        r.recordingId = "rec-1";
        r.accountId = "acct-1";
        r.meetingId = "m-synthetic";
        r.startedAtMs = T0_MS;
        r.stoppedAtMs = T0_MS + SECONDS * 1000;
        r.initialParticipants = new ArrayList<>(List.of(new Participant("alice", "Alice", false, false),
                new Participant("bob", "Bob", false, true)));
        return r;
    }

    static MixerConfig config() {
        return new MixerConfig(new io.confab.jobs.config.JobConnections("unused:9092", io.confab.storage.kafka.KafkaLogin.NONE, "g", "http://unused", "us-east-1", "a", "s", "test",
                "unused:9042", "dc1", io.confab.storage.cassandra.CassandraLogin.NONE),
                Layout.GALLERY, false, 25, 1_500_000, 96_000, Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(120), Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(5),
                System.getProperty("java.io.tmpdir"), "superfast");
    }
}
