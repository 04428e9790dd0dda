package io.confab.jobs.recording;

import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.kafka.KafkaRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.recording.bench.SyntheticMeeting;
import io.confab.jobs.recording.mix.Layout;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.Notification;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import io.confab.storage.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recording operator's rules, through Flink's keyed operator harness (real state, real
 * processing-time timers) with the real engine and finalizer over an in-memory store.
 */
public class RecordingMixerTest {

    static final long T0_MS = 1_700_000_000_000L;
    static final String MEETING = "m-synthetic";

    /** The harness runs the operator in this JVM; the factory hands it the test's store. */
    static MemoryStore store;

    RecordingMixer mixer;
    KeyedOneInputStreamOperatorTestHarness<String, KafkaRecord, OutboundRecord> harness;
    /** The finisher's task, fed what the mixer hands over as the job's second key-by would. */
    KeyedOneInputStreamOperatorTestHarness<String, FinalizeRecording, OutboundRecord> finisher;
    long offset;

    @BeforeEach
    void open() throws Exception {
        store = new MemoryStore();
        mixer = new RecordingMixer(config(), new RecordingMix.Factory(), () -> store);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(mixer), RecordingMixerJob::meetingId, Types.STRING);
        harness.open();
        harness.setProcessingTime(T0_MS - 10_000);
        finisher = finisher(store);
        finisher.setProcessingTime(T0_MS - 10_000);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, FinalizeRecording, OutboundRecord> finisher(MemoryStore memory)
            throws Exception {
        RecordingFinisher finishing = new RecordingFinisher(config(), () -> memory);
        var finisher = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(finishing), RecordingFinisher::recordingOf,
                Types.STRING);
        finisher.open();
        return finisher;
    }

    /** Moves both tasks' clocks to {@code atMs} and hands what the mixer finished to the finisher. */
    void clock(long atMs) throws Exception {
        harness.setProcessingTime(atMs);
        var handedOver = harness.getSideOutput(RecordingMixer.TO_FINISH);
        while (handedOver != null && !handedOver.isEmpty()) {
            finisher.processElement(handedOver.poll());
        }
        finisher.setProcessingTime(atMs);
    }

    @Test
    void packetsThatComeBeforeTheStartEventAreRecordedAndTheStopFinalizesAfterTheDrain() throws Exception {
        event(T0_MS - 5000, started());
        event(T0_MS - 4000, joined("alice", "Alice"));
        List<MediaPacket> packets = audioOnly().arrivals();
        // The tap is faster than the outbox: the first second of media comes before RecordingStarted.
        packets.stream().filter(p -> SyntheticMeeting.micros(p) < (T0_MS + 1000) * 1000).forEach(this::packet);
        assertTrue(harness.extractOutputValues().isEmpty());
        event(T0_MS, new RecordingStarted("rec-1", false, null, false));
        packets.stream().filter(p -> SyntheticMeeting.micros(p) >= (T0_MS + 1000) * 1000).forEach(this::packet);
        event(T0_MS + 6000, new RecordingStopped("rec-1"));

        clock(T0_MS + 7000);
        clock(T0_MS + 8000 + 3000);

        List<RecordingArtifact> artifacts = outputs(Topics.RECORDING_ARTIFACTS, Codecs.RECORDING_ARTIFACTS::decode);
        assertTrue(artifacts.stream().anyMatch(a -> a.getKind() == ArtifactKind.M4A && a.getDurationMs() == 6000),
                "an M4A of the 6 s recorded: " + artifacts);
        assertTrue(harness.extractOutputValues().stream().noneMatch(r -> r.topic.equals(Topics.RECORDING_ARTIFACTS)),
                "the files are the finisher's: the mixer only hands the rendered recording over");
        assertTrue(artifacts.stream().anyMatch(a -> a.getKind() == ArtifactKind.TRACK && "alice".equals(a.getParticipantId())));
        List<Notification> notifications = outputs(Topics.NOTIFICATIONS, Codecs.NOTIFICATIONS::decode);
        assertEquals(1, notifications.size());
        assertEquals("host-user", notifications.get(0).getUserId());
        assertEquals(List.of("RECORDING", "READY"), store.statuses);
        assertTrue(store.objects.keySet().stream().noneMatch(k -> k.endsWith(".seg")));
    }

    @Test
    void undecodableRecordsAndRecordsWithoutAKeyGoToTheDeadLetterTopicWithTheReason() throws Exception {
        harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEDIA_PACKETS, 2, 17, key(), new byte[] {1, 2, 3})));
        harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEETING_EVENTS, 0, 5, null,
                Codecs.MEETING_EVENTS.encode(event(T0_MS, started(), false)))));

        List<DeadLetter> media = outputs(Topics.deadLetterOf(Topics.MEDIA_PACKETS), Codecs.DEAD_LETTERS::decode);
        List<DeadLetter> events = outputs(Topics.deadLetterOf(Topics.MEETING_EVENTS), Codecs.DEAD_LETTERS::decode);
        assertEquals(1, media.size());
        assertEquals(17, media.get(0).getOffset());
        assertTrue(media.get(0).getReason().contains("NOT_SINGLE_OBJECT_ENCODED"), media.get(0).getReason());
        assertEquals(1, events.size());
        assertTrue(events.get(0).getReason().contains("no key"), events.get(0).getReason());
    }

    @Test
    void packetsOfAMeetingThatIsNotRecordedAreDroppedAfterTheHold() throws Exception {
        event(T0_MS - 5000, started());
        audioOnly().arrivals().stream().limit(50).forEach(this::packet);
        clock(T0_MS + 20_000);
        clock(T0_MS + 21_000);
        assertTrue(harness.extractOutputValues().isEmpty());
        assertTrue(finisher.extractOutputValues().isEmpty());
        assertEquals(0, store.puts, "nothing recorded");
    }

    /**
     * A job restored from a checkpoint taken just before RecordingStarted replays the recording's
     * packets minutes after they reached the SFU, and the consumer may hand over seconds of them
     * before the start event: they wait for it by the hold counted from their reading, not from
     * their arrival (which would drop them all at the first tick).
     */
    @Test
    void packetsReplayedLongAfterTheirArrivalWaitForTheStartEventThatFollowsThem() throws Exception {
        event(T0_MS - 5000, started());
        event(T0_MS - 4000, joined("alice", "Alice"));
        List<MediaPacket> packets = audioOnly().arrivals();
        clock(T0_MS + 120_000);
        List<MediaPacket> before = packets.stream().filter(p -> SyntheticMeeting.micros(p) < (T0_MS + 3000) * 1000).toList();
        before.forEach(this::packet);
        // Ticks while the start event is still a few fetches away.
        clock(T0_MS + 121_000);
        clock(T0_MS + 125_000);
        event(T0_MS, new RecordingStarted("rec-3", false, null, false));
        packets.stream().filter(p -> SyntheticMeeting.micros(p) >= (T0_MS + 3000) * 1000).forEach(this::packet);
        event(T0_MS + 6000, new RecordingStopped("rec-3"));
        clock(T0_MS + 130_000);
        clock(T0_MS + 134_000);

        assertEquals(before.size(), mixer.counters().packetsHeld.getCount(), "the packets before the start were held");
        assertEquals(0, mixer.counters().packetsHeldExpired.getCount(), "and none of them was dropped");
        assertEquals(packets.size(), mixer.counters().packets.getCount(), "every packet went into the recording");
        List<RecordingArtifact> artifacts = outputs(Topics.RECORDING_ARTIFACTS, Codecs.RECORDING_ARTIFACTS::decode);
        assertTrue(artifacts.stream().anyMatch(a -> a.getKind() == ArtifactKind.M4A && a.getDurationMs() == 6000), artifacts.toString());
    }

    @Test
    void packetsHeldLongerThanTheHoldSinceTheyWereReadAreDropped() throws Exception {
        event(T0_MS - 5000, started());
        clock(T0_MS + 120_000);
        audioOnly().arrivals().stream().limit(50).forEach(this::packet);
        clock(T0_MS + 130_000);
        assertEquals(0, mixer.counters().packetsHeldExpired.getCount(), "10 s after reading, within the 15 s hold");
        clock(T0_MS + 136_000);
        assertEquals(0, mixer.counters().packetsHeldExpired.getCount(), "16 s after reading, within the hold and its expiry batch");
        clock(T0_MS + 141_000);
        assertEquals(50, mixer.counters().packetsHeldExpired.getCount(), "21 s after reading, past the hold and its 5 s batch");
        event(T0_MS, new RecordingStarted("rec-4", false, null, false));
        assertEquals(0, mixer.counters().packets.getCount(), "a start after the hold finds nothing held");
    }

    @Test
    void aRecordingWithoutStopIsFinalizedAtTheMeetingsEnd() throws Exception {
        event(T0_MS - 5000, started());
        event(T0_MS, new RecordingStarted("rec-2", false, null, false));
        audioOnly().arrivals().forEach(this::packet);
        event(T0_MS + 4000, new MeetingEnded(MeetingEndReason.ENDED_BY_HOST));
        clock(T0_MS + 30_000);
        clock(T0_MS + 31_000);

        List<RecordingArtifact> artifacts = outputs(Topics.RECORDING_ARTIFACTS, Codecs.RECORDING_ARTIFACTS::decode);
        assertTrue(artifacts.stream().anyMatch(a -> a.getKind() == ArtifactKind.M4A && a.getDurationMs() == 4000), artifacts.toString());
        // A replay of the start (a job restarted from an older offset) records nothing again.
        int puts = store.puts;
        event(T0_MS, new RecordingStarted("rec-2", false, null, false));
        clock(T0_MS + 40_000);
        assertEquals(puts, store.puts);
    }

    private SyntheticMeeting audioOnly() {
        return new SyntheticMeeting(T0_MS * 1000 + 20_000).audio("alice", 42, 6, 1000, 500, 2500);
    }

    private void packet(MediaPacket packet) {
        try {
            harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEDIA_PACKETS, 0, offset++, key(), Codecs.MEDIA_PACKETS.encode(packet))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void event(long atMs, Object payload) throws Exception {
        harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEETING_EVENTS, 0, offset++, key(),
                Codecs.MEETING_EVENTS.encode(event(atMs, payload, true)))));
    }

    private static MeetingEvent event(long atMs, Object payload, boolean unused) {
        return MeetingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAccountId("acct-1")
                .setMeetingId(MEETING)
                .setOccurredAt(Instant.ofEpochMilli(atMs))
                .setPayload(payload)
                .build();
    }

    private static MeetingStarted started() {
        return new MeetingStarted("Weekly", "host-user", MeetingType.INSTANT, new MeetingSettings(false, true, false, true, false, false));
    }

    private static ParticipantJoined joined(String id, String name) {
        return ParticipantJoined.newBuilder().setParticipantId(id).setUserId(null).setDisplayName(name)
                .setRole(ParticipantRole.HOST).setAudioMuted(false).setVideoMuted(true).setClient("test").build();
    }

    private static byte[] key() {
        return MEETING.getBytes(StandardCharsets.UTF_8);
    }

    private <T> List<T> outputs(String topic, java.util.function.Function<byte[], io.confab.storage.codec.Decoded<T>> decode) {
        return java.util.stream.Stream.concat(harness.extractOutputValues().stream(), finisher.extractOutputValues().stream())
                .filter(r -> r.topic.equals(topic)).map(r -> decode.apply(r.value).orElseThrow()).toList();
    }

    public static MixerConfig config() {
        return new MixerConfig(new io.confab.jobs.config.JobConnections("unused:9092", io.confab.storage.kafka.KafkaLogin.NONE, "g", "http://unused", "us-east-1", "a", "s", "test",
                "unused:9042", "dc1", io.confab.storage.cassandra.CassandraLogin.NONE),
                Layout.GALLERY, true, 25, 1_500_000, 96_000, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(5),
                System.getProperty("java.io.tmpdir"), "superfast");
    }
}
