package io.confab.jobs.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.recording.bench.SyntheticMeeting;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import io.confab.storage.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finalizing off the mixer's thread: the {@link RecordingFinisher} makes a rendered recording's
 * files in a task of its own, retries storage trouble on its own timer, and redoes a hand-over that
 * a crash cut short from its checkpoint. The recording is rendered by the real mixer (keyed harness,
 * real engine) into an in-memory store.
 */
class RecordingFinisherTest {

    static final long T0_MS = RecordingMixerTest.T0_MS;
    static final String MEETING = "m-finish";

    static MemoryStore store;

    @BeforeEach
    void reset() {
        store = new MemoryStore();
    }

    @Test
    void finalizingRunsInATaskOfItsOwnNotOnTheMixersThread() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // The Kafka source and sink only connect when the job runs; building the graph is enough here.
        MixerConfig config = RecordingMixerTest.config();
        new RecordingMixerJob(RecordingMixerJob.kafkaSource(config), RecordingMixerJob.artifactsSource(config),
                RecordingMixerJob.kafkaSink(config), config, new RecordingMix.Factory(), () -> store).build(env);
        List<String> tasks = new ArrayList<>();
        for (JobVertex vertex : env.getStreamGraph().getJobGraph().getVertices()) {
            tasks.add(vertex.getName());
        }
        String mixer = tasks.stream().filter(t -> t.contains("recording-mixer")).findFirst().orElseThrow(() -> new AssertionError(tasks.toString()));
        String finisher = tasks.stream().filter(t -> t.contains("recording-finisher")).findFirst()
                .orElseThrow(() -> new AssertionError("no finisher task among " + tasks));
        assertTrue(!mixer.equals(finisher) && !mixer.contains("recording-finisher"),
                "the finisher is chained to the mixer's task, so it would run on its thread: " + tasks);
    }

    @Test
    void theHandOverTravelsBetweenTasksWithFlinksPojoSerializerUnchanged() throws Exception {
        FinalizeRecording command = rendered();
        TypeInformation<FinalizeRecording> type = TypeInformation.of(FinalizeRecording.class);
        assertInstanceOf(PojoTypeInfo.class, type, "a record Flink serializes field by field, not through Kryo: " + type);
        TypeSerializer<FinalizeRecording> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(command, out);
        FinalizeRecording back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(command.recordingId(), back.recordingId());
        RecordingWindow window = back.window();
        assertEquals(command.window().completedSegments, window.completedSegments);
        assertTrue(window.rendered && window.completedSegments > 0, "the hand-over is of a rendered recording");
    }

    @Test
    void storageTroubleIsRetriedOnTheFinishersTimerAndTheFilesComeOnce() throws Exception {
        FinalizeRecording command = rendered();
        var finisher = RecordingMixerTest.finisher(store);
        finisher.setProcessingTime(T0_MS);
        store.refuseGets = 2;
        finisher.processElement(new StreamRecord<>(command));
        assertTrue(finisher.extractOutputValues().isEmpty(), "S3 refused: no file yet");
        finisher.setProcessingTime(T0_MS + RecordingFinisher.RETRIES.waitAfter(1).toMillis());
        assertTrue(finisher.extractOutputValues().isEmpty(), "S3 refused again");
        finisher.setProcessingTime(T0_MS + RecordingFinisher.RETRIES.waitAfter(1).plus(RecordingFinisher.RETRIES.waitAfter(2)).toMillis());

        List<RecordingArtifact> artifacts = artifacts(finisher);
        assertEquals(1, artifacts.stream().filter(a -> a.getKind() == ArtifactKind.M4A).count(), artifacts.toString());
        assertEquals(1, artifacts.stream().filter(a -> a.getKind() == ArtifactKind.TIMELINE).count(), artifacts.toString());
        assertEquals(ArtifactKind.TIMELINE, artifacts.get(artifacts.size() - 1).getKind(), "the timeline comes last");
        assertEquals(1, finisher.extractOutputValues().stream().filter(r -> r.topic.equals(Topics.NOTIFICATIONS)).count());
        assertEquals("READY", store.statuses.get(store.statuses.size() - 1));
        finisher.setProcessingTime(T0_MS + 120_000);
        assertEquals(artifacts.size(), artifacts(finisher).size(), "nothing more once ready");
        assertEquals(0, finisher.numKeyedStateEntries(), "no state left for a finished recording");
    }

    @Test
    void aHandOverWaitingForItsRetryWhenTheTaskManagerDiesIsFinishedAfterTheRestore() throws Exception {
        FinalizeRecording command = rendered();
        var before = RecordingMixerTest.finisher(store);
        before.setProcessingTime(T0_MS);
        store.refuseGets = 1;
        before.processElement(new StreamRecord<>(command));
        OperatorSubtaskState checkpoint = before.snapshot(1, T0_MS + 500);
        before.close();

        var after = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RecordingFinisher(RecordingMixerTest.config(), () -> store)),
                RecordingFinisher::recordingOf, Types.STRING);
        after.setup();
        after.initializeState(checkpoint);
        after.open();
        after.setProcessingTime(T0_MS + 60_000);

        List<RecordingArtifact> artifacts = artifacts(after);
        assertTrue(artifacts.stream().anyMatch(a -> a.getKind() == ArtifactKind.M4A && a.getDurationMs() == 4000), artifacts.toString());
        assertEquals("READY", store.statuses.get(store.statuses.size() - 1));
        assertTrue(store.objects.keySet().stream().noneMatch(k -> k.endsWith(".seg")), "segments deleted: " + store.objects.keySet());
    }

    @Test
    void aRecordingWhoseSegmentsNeverBecomeReadableFailsAfterTheLastAttemptAndSaysSo() throws Exception {
        FinalizeRecording command = rendered();
        store.objects.keySet().removeIf(k -> k.endsWith(".seg"));
        var finisher = RecordingMixerTest.finisher(store);
        finisher.setProcessingTime(T0_MS);
        finisher.processElement(new StreamRecord<>(command));
        // Back-off 2, 4, 8, 16, 32 s: the sixth attempt, 62 s on, is the last.
        for (long t = T0_MS; t <= T0_MS + 61_000; t += 1000) {
            finisher.setProcessingTime(t);
        }
        assertEquals("RECORDING", store.statuses.get(store.statuses.size() - 1), "still trying before the sixth attempt");
        finisher.setProcessingTime(T0_MS + 62_000);
        assertTrue(artifacts(finisher).isEmpty());
        assertEquals("FAILED", store.statuses.get(store.statuses.size() - 1));
        assertEquals(0, finisher.numKeyedStateEntries(), "a failed recording leaves no state");
    }

    /** A 4 s audio recording, rendered by the real mixer into {@link #store}; what it hands over. */
    private static FinalizeRecording rendered() throws Exception {
        RecordingMixer mixer = new RecordingMixer(RecordingMixerTest.config(), new RecordingMix.Factory(), () -> store);
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(mixer), RecordingMixerJob::meetingId, Types.STRING);
        harness.open();
        harness.setProcessingTime(T0_MS - 10_000);
        long[] offset = {0};
        event(harness, offset, T0_MS - 5000, new MeetingStarted("Weekly", "host-user", MeetingType.INSTANT,
                new MeetingSettings(false, true, false, true, false, false)));
        event(harness, offset, T0_MS, new RecordingStarted("rec-f", false, null, false));
        for (var packet : new SyntheticMeeting(T0_MS * 1000 + 20_000).audio("alice", 42, 4, 1000, 500, 2500).arrivals()) {
            harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEDIA_PACKETS, 0, offset[0]++, key(), Codecs.MEDIA_PACKETS.encode(packet))));
        }
        event(harness, offset, T0_MS + 4000, new RecordingStopped("rec-f"));
        harness.setProcessingTime(T0_MS + 5000);
        harness.setProcessingTime(T0_MS + 9000);
        var handedOver = harness.getSideOutput(RecordingMixer.TO_FINISH);
        assertNotNull(handedOver, "the mixer handed nothing over");
        List<FinalizeRecording> commands = handedOver.stream().map(StreamRecord::getValue).collect(Collectors.toList());
        assertEquals(1, commands.size(), commands.toString());
        harness.close();
        return commands.get(0);
    }

    private static void event(KeyedOneInputStreamOperatorTestHarness<String, KafkaRecord, OutboundRecord> harness, long[] offset,
                              long atMs, Object payload) throws Exception {
        MeetingEvent event = MeetingEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAccountId("acct-1")
                .setMeetingId(MEETING).setOccurredAt(Instant.ofEpochMilli(atMs)).setPayload(payload).build();
        harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEETING_EVENTS, 0, offset[0]++, key(),
                Codecs.MEETING_EVENTS.encode(event))));
    }

    private static byte[] key() {
        return MEETING.getBytes(StandardCharsets.UTF_8);
    }

    private static List<RecordingArtifact> artifacts(KeyedOneInputStreamOperatorTestHarness<String, FinalizeRecording, OutboundRecord> h) {
        return h.extractOutputValues().stream().filter(r -> r.topic.equals(Topics.RECORDING_ARTIFACTS))
                .map(r -> Codecs.RECORDING_ARTIFACTS.decode(r.value).orElseThrow()).toList();
    }
}
