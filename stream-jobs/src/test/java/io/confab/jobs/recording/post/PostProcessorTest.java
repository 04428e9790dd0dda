package io.confab.jobs.recording.post;

import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.kafka.KafkaRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.jobs.recording.RecordingMixerTest;
import io.confab.jobs.recording.TestStores;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Post-processing through Flink's keyed harness with real FFmpeg: an MP4 that is not readable at
 * the first attempt still gets its phone copy and contact sheet on a later one; one that never
 * becomes readable ends in the dead-letter topic with the reason after the last attempt.
 */
class PostProcessorTest {

    static final String KEY = "recordings/acct-1/m-1/rec-1/recording.mp4";

    @TempDir
    Path dir;

    KeyedOneInputStreamOperatorTestHarness<String, KafkaRecord, OutboundRecord> harness;

    @BeforeEach
    void open() throws Exception {
        TestStores.reset();
        PostProcessor processor = new PostProcessor(RecordingMixerTest.config(), TestStores::memory);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(processor), PostProcessor::recordingOf, Types.STRING);
        harness.open();
        harness.setProcessingTime(1_000);
    }

    @Test
    void aFailedAttemptIsRetriedAndStillProducesThePhoneCopyAndTheContactSheet() throws Exception {
        harness.processElement(new StreamRecord<>(mp4Artifact()));
        assertTrue(artifacts().isEmpty(), "the MP4 is not in S3 yet: the first attempt fails");

        TestStores.memory().put(KEY, Files.readAllBytes(testMp4()), "video/mp4");
        harness.setProcessingTime(1_000 + PostProcessor.RETRIES.waitAfter(1).toMillis());

        List<RecordingArtifact> made = artifacts();
        assertEquals(List.of(ArtifactKind.MP4_360P, ArtifactKind.CONTACT_SHEET), made.stream().map(RecordingArtifact::getKind).toList());
        Path phone = dir.resolve("phone.mp4");
        Files.write(phone, TestStores.memory().get(made.get(0).getS3Key()));
        JsonNode probe = new ObjectMapper().readTree(run("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
                phone.toString()));
        JsonNode video = probe.path("streams").get(0);
        assertEquals("h264", video.path("codec_name").asText());
        assertEquals(640, video.path("width").asInt());
        assertEquals(360, video.path("height").asInt());
        assertEquals("aac", probe.path("streams").get(1).path("codec_name").asText());
        assertTrue(Math.abs(probe.path("format").path("duration").asDouble() - 4.0) < 0.5, probe.path("format").toString());
        byte[] sheet = TestStores.memory().get(made.get(1).getS3Key());
        assertEquals((byte) 0xFF, sheet[0], "the contact sheet is a JPEG");
        assertEquals((byte) 0xD8, sheet[1]);
    }

    @Test
    void anMp4ThatNeverBecomesReadableEndsInTheDeadLetterTopicAfterTheLastAttempt() throws Exception {
        harness.processElement(new StreamRecord<>(mp4Artifact()));
        long now = 1_000;
        for (var wait : PostProcessor.RETRIES.waits()) {
            now += wait.toMillis();
            harness.setProcessingTime(now);
        }
        List<DeadLetter> letters = harness.extractOutputValues().stream()
                .filter(r -> r.topic.equals(Topics.deadLetterOf(Topics.RECORDING_ARTIFACTS)))
                .map(r -> Codecs.DEAD_LETTERS.decode(r.value).orElseThrow()).toList();
        assertEquals(1, letters.size());
        assertTrue(letters.get(0).getReason().contains("after 5 attempts"), letters.get(0).getReason());
        assertTrue(artifacts().isEmpty());
    }

    private List<RecordingArtifact> artifacts() {
        return harness.extractOutputValues().stream().filter(r -> r.topic.equals(Topics.RECORDING_ARTIFACTS))
                .map(r -> Codecs.RECORDING_ARTIFACTS.decode(r.value).orElseThrow()).toList();
    }

    private static KafkaRecord mp4Artifact() {
        RecordingArtifact mp4 = RecordingArtifact.newBuilder().setAccountId("acct-1").setMeetingId("m-1").setRecordingId("rec-1")
                .setKind(ArtifactKind.MP4).setS3Bucket("test").setS3Key(KEY).setSizeBytes(1).setDurationMs(4000L)
                .setContentType("video/mp4").setCreatedAt(Instant.ofEpochMilli(1)).build();
        return new KafkaRecord(Topics.RECORDING_ARTIFACTS, 0, 0, "m-1".getBytes(StandardCharsets.UTF_8), Codecs.RECORDING_ARTIFACTS.encode(mp4));
    }

    /** 4 s of 1280x720 H.264 + AAC, as the mixer makes them, from Debian's ffmpeg. */
    private Path testMp4() throws Exception {
        Path file = dir.resolve("in.mp4");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=4", "-f", "lavfi", "-i", "sine=f=440:d=4",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", "-movflags", "+faststart", file.toString());
        return file;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
        return out;
    }
}
