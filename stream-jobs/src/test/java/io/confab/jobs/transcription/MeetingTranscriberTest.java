package io.confab.jobs.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.kafka.OutboundRecord;
import io.confab.media.codec.OpusEncoder;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.Notification;
import io.confab.storage.events.NotificationKind;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.topics.Topics;
import io.confab.storage.transcript.TranscriptFormat;
import io.confab.transcription.Transcriber;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.bench.Espeak;
import io.confab.transcription.wer.WordErrorRate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transcription operator through Flink's keyed harness (real state, processing-time timers)
 * with the real Vosk model, real Opus and espeak-ng speech, over an in-memory store.
 */
class MeetingTranscriberTest {

    static final long T0_MS = 1_700_000_000_000L;
    static final String MEETING = "m-transcribed";
    static final String ADA = "the new team started work on monday and they are doing well";
    static final String BOB = "please send me your numbers before the end of the week";

    static final TranscriptionConfig SPEECH = TranscriptionConfig.defaults().withCacheDirectory(Path.of("target/vosk-cache"));
    static MemoryTranscriptStore store;
    static Path scratch;

    KeyedOneInputStreamOperatorTestHarness<String, KafkaRecord, OutboundRecord> harness;
    MeetingTranscriber operator;
    long offset;

    @BeforeAll
    static void model() throws Exception {
        scratch = Files.createTempDirectory("transcriber-test");
        // The model loads once per process; every operator's Transcriber shares it.
        Transcriber.start(SPEECH).close();
    }

    void open() throws Exception {
        store = new MemoryTranscriptStore();
        operator = new MeetingTranscriber(config(), () -> store, c -> Transcriber.start(SPEECH));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(operator), TranscriptionJob::meetingId, Types.STRING);
        harness.open();
        harness.setProcessingTime(T0_MS);
    }

    @Test
    void eachSpeakersSentenceBecomesASegmentWithTheirNameAndTheFilesFollowTheStop() throws Exception {
        open();
        event(T0_MS, started());
        event(T0_MS + 100, joined("p-ada", "Ada Lovelace"));
        event(T0_MS + 200, joined("p-bob", "Bob Kahn"));
        event(T0_MS + 500, new RecordingStarted("rec-1", true, null, true));
        List<MediaPacket> packets = new ArrayList<>();
        packets.addAll(speech("p-ada", "t-ada", 1, "en-us", ADA, T0_MS + 1000));
        long adaEnds = packets.get(packets.size() - 1).getArrivalTime().toEpochMilli();
        packets.addAll(speech("p-bob", "t-bob", 2, "en-gb", BOB, adaEnds + 800));
        packets.sort(java.util.Comparator.comparing(MediaPacket::getArrivalTime));
        long stopAt = packets.get(packets.size() - 1).getArrivalTime().toEpochMilli() + 1500;
        feedAlongTheClock(packets, stopAt);
        event(stopAt, new RecordingStopped("rec-1"));
        for (long t = stopAt; t <= stopAt + 5000; t += 1000) {
            harness.setProcessingTime(t);
        }

        List<TranscriptSegment> finals = outputs(Topics.TRANSCRIPT_SEGMENTS, Codecs.TRANSCRIPT_SEGMENTS::decode).stream()
                .filter(TranscriptSegment::getIsFinal).toList();
        Map<String, String> said = finals.stream().collect(Collectors.groupingBy(TranscriptSegment::getSpeakerName,
                Collectors.mapping(s -> s.getText().toString(), Collectors.joining(" "))));
        assertEquals(java.util.Set.of("Ada Lovelace", "Bob Kahn"), said.keySet(), "speakers: " + said);
        assertTrue(WordErrorRate.of(ADA, said.get("Ada Lovelace")).rate() <= 0.25, "Ada: " + said.get("Ada Lovelace"));
        assertTrue(WordErrorRate.of(BOB, said.get("Bob Kahn")).rate() <= 0.25, "Bob: " + said.get("Bob Kahn"));
        TranscriptSegment first = finals.get(0);
        assertEquals("rec-1", first.getRecordingId());
        assertTrue(first.getStartOffsetMs() >= 700 && first.getStartOffsetMs() <= 2500, "Ada starts about 1 s in: " + first);
        assertTrue(first.getWords().size() >= 8, "words with times: " + first.getWords());
        assertTrue(outputs(Topics.TRANSCRIPT_SEGMENTS, Codecs.TRANSCRIPT_SEGMENTS::decode).stream().anyMatch(s -> !s.getIsFinal()),
                "captions (interim segments) while speaking");
        assertEquals(finals.size(), store.segments.size(), "every final segment stored");

        List<RecordingArtifact> artifacts = outputs(Topics.RECORDING_ARTIFACTS, Codecs.RECORDING_ARTIFACTS::decode);
        assertEquals(List.of(ArtifactKind.TRANSCRIPT_JSON, ArtifactKind.WEBVTT, ArtifactKind.SRT),
                artifacts.stream().map(RecordingArtifact::getKind).toList());
        String vtt = store.files.get("rec-1/" + TranscriptFormat.VTT.fileName());
        assertTrue(vtt.startsWith("WEBVTT") && vtt.contains("<v Ada Lovelace>") && vtt.contains("<v Bob Kahn>"), vtt);
        assertTrue(store.files.get("rec-1/" + TranscriptFormat.SRT.fileName()).contains("Bob Kahn: "));
        List<Notification> notifications = outputs(Topics.NOTIFICATIONS, Codecs.NOTIFICATIONS::decode);
        assertEquals(1, notifications.size());
        assertEquals(NotificationKind.TRANSCRIPT_READY, notifications.get(0).getKind());
    }

    @Test
    void aSpeakerWhoLeavesMidSentenceKeepsWhatWasSaidAndBadInputIsCountedNotFatal() throws Exception {
        open();
        event(T0_MS, started());
        event(T0_MS + 100, joined("p-ada", "Ada Lovelace"));
        event(T0_MS + 500, new RecordingStarted("rec-2", true, null, true));
        List<MediaPacket> packets = speech("p-ada", "t-ada", 1, "en-us", ADA, T0_MS + 1000);
        List<MediaPacket> firstHalf = packets.subList(0, packets.size() / 2);
        // Undecodable Opus in the middle of the track, and a record that is no packet at all.
        List<MediaPacket> withGarbage = new ArrayList<>(firstHalf);
        MediaPacket last = firstHalf.get(firstHalf.size() - 1);
        withGarbage.add(MediaPacket.newBuilder(last).setSequenceNumber(last.getSequenceNumber() + 1)
                .setRtpTimestamp(last.getRtpTimestamp() + 960).setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2}))
                .setArrivalTime(last.getArrivalTime().plusMillis(20)).build());
        long leftAt = withGarbage.get(withGarbage.size() - 1).getArrivalTime().toEpochMilli() + 20;
        feedAlongTheClock(withGarbage, leftAt);
        harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEDIA_PACKETS, 0, 99, key(), new byte[] {1, 2, 3})));
        event(leftAt, ParticipantLeft.newBuilder().setParticipantId("p-ada").setReason(LeaveReason.DISCONNECTED).build());

        List<TranscriptSegment> finals = outputs(Topics.TRANSCRIPT_SEGMENTS, Codecs.TRANSCRIPT_SEGMENTS::decode).stream()
                .filter(TranscriptSegment::getIsFinal).toList();
        assertEquals(1, finals.size(), "the half sentence is final at once: " + finals);
        assertTrue(ADA.startsWith(finals.get(0).getText().toString().split(" ")[0]), finals.get(0).getText().toString());
        List<DeadLetter> letters = outputs(Topics.deadLetterOf(Topics.MEDIA_PACKETS), Codecs.DEAD_LETTERS::decode);
        assertEquals(1, letters.size());
        assertEquals(1, operator.counters.deadLetters.getCount(), "the dead letter is counted");
        long heardMs = (firstHalf.size() + 1) * 20L;
        long audioMs = operator.counters.audioInMs.getCount();
        assertTrue(audioMs >= heardMs - 200 && audioMs <= heardMs + 1000,
                "the left track's audio is counted when it ends: " + audioMs + " ms of about " + heardMs);

        // The meeting never ends: the idle timeout closes the run and writes its files.
        long t = leftAt;
        while (store.files.isEmpty() && t < leftAt + 200_000) {
            t += 1000;
            harness.setProcessingTime(t);
        }
        assertTrue(t > leftAt + config().idleTimeout().toMillis(), "not before the idle timeout");
        assertTrue(store.files.containsKey("rec-2/" + TranscriptFormat.JSON.fileName()), store.files.keySet().toString());
    }

    @Test
    void oneVoiceOnTwoTracksIsTheActiveSpeakersAndItsCopyIsDropped() throws Exception {
        open();
        // The meeting setting alone (no recording) asks for the transcript.
        event(T0_MS, new MeetingStarted("Planning", "host-user", MeetingType.INSTANT, new MeetingSettings(false, true, false, true, false, true)));
        event(T0_MS + 100, joined("p-ada", "Ada Lovelace"));
        event(T0_MS + 200, joined("p-bob", "Bob Kahn"));
        event(T0_MS + 900, new io.confab.storage.events.ActiveSpeakerChanged("p-ada"));
        // Ada speaks; Bob's microphone picks her up from his speakers 150 ms later.
        List<MediaPacket> packets = new ArrayList<>(speech("p-ada", "t-ada", 1, "en-us", ADA, T0_MS + 1000));
        packets.addAll(speech("p-bob", "t-bob", 2, "en-us", ADA, T0_MS + 1150));
        packets.sort(java.util.Comparator.comparing(MediaPacket::getArrivalTime));
        long endAt = packets.get(packets.size() - 1).getArrivalTime().toEpochMilli() + 1500;
        feedAlongTheClock(packets, endAt);
        event(endAt, new MeetingEnded(MeetingEndReason.ENDED_BY_HOST));
        for (long t = endAt; t <= endAt + 5000; t += 1000) {
            harness.setProcessingTime(t);
        }

        List<TranscriptSegment> finals = outputs(Topics.TRANSCRIPT_SEGMENTS, Codecs.TRANSCRIPT_SEGMENTS::decode).stream()
                .filter(TranscriptSegment::getIsFinal).toList();
        assertTrue(!finals.isEmpty(), "Ada's sentence is in the transcript");
        assertEquals(java.util.Set.of("Ada Lovelace"), finals.stream().map(TranscriptSegment::getSpeakerName).collect(Collectors.toSet()),
                "the speech is Ada's alone: " + finals);
        String said = finals.stream().map(TranscriptSegment::getText).collect(Collectors.joining(" "));
        assertTrue(WordErrorRate.of(ADA, said).rate() <= 0.25, "Ada: " + said);
        assertEquals(finals.size(), store.segments.size(), "only the speaker's copy is stored");
        assertTrue(finals.stream().allMatch(f -> f.getRecordingId() == null), "no recording: the setting's transcript");
    }

    @Test
    void packetsOfAMeetingWithoutTranscriptionAreNotRecognized() throws Exception {
        open();
        event(T0_MS, started());
        event(T0_MS + 500, new RecordingStarted("rec-3", false, null, true));
        feedAlongTheClock(speech("p-ada", "t-ada", 1, "en-us", BOB, T0_MS + 1000), T0_MS + 9000);
        event(T0_MS + 9000, new MeetingEnded(MeetingEndReason.ENDED_BY_HOST));
        harness.setProcessingTime(T0_MS + 20_000);
        assertTrue(harness.extractOutputValues().isEmpty(), "nothing out");
        assertTrue(store.segments.isEmpty());
    }

    @Test
    void aRestoreFromACheckpointBetweenTwoSentencesLosesNoSegmentAndStoresNoneTwice() throws Exception {
        open();
        event(T0_MS, started());
        event(T0_MS + 100, joined("p-ada", "Ada Lovelace"));
        event(T0_MS + 500, new RecordingStarted("rec-4", true, null, true));
        List<MediaPacket> first = speech("p-ada", "t-ada", 1, "en-us", ADA, T0_MS + 1000);
        long firstEnds = first.get(first.size() - 1).getArrivalTime().toEpochMilli();
        feedAlongTheClock(first, firstEnds);
        for (long t = firstEnds; t <= firstEnds + 4000; t += 500) {
            harness.setProcessingTime(t);
        }
        assertEquals(1, store.segments.size(), "the first sentence is final before the checkpoint: " + store.segments);
        var checkpoint = harness.snapshot(1, harness.getProcessingTime());

        // The second sentence on the same track (its RTP clock and sequence run on), heard and stored...
        long secondAt = T0_MS + 1000 + (firstEnds + 4500 - T0_MS - 1000) / 20 * 20;
        int frames = (int) ((secondAt - T0_MS - 1000) / 20);
        List<MediaPacket> second = speech("p-ada", "t-ada", 1, "en-gb", BOB, secondAt).stream()
                .map(p -> MediaPacket.newBuilder(p).setSequenceNumber(p.getSequenceNumber() + frames)
                        .setRtpTimestamp(p.getRtpTimestamp() + frames * 960L).build()).toList();
        long secondEnds = second.get(second.size() - 1).getArrivalTime().toEpochMilli();
        feedAlongTheClock(second, secondEnds);
        for (long t = secondEnds; t <= secondEnds + 4000; t += 500) {
            harness.setProcessingTime(t);
        }
        assertEquals(2, store.segments.size(), "the second sentence stored before the crash: " + store.segments);
        String beforeCrash = store.segments.get(1).getText() + " [" + store.segments.get(1).getStartOffsetMs() + " ms]";

        // ...then the task manager dies: a new operator from the checkpoint, Kafka replays what came after it.
        long now = harness.getProcessingTime();
        harness.close();
        MeetingTranscriber restored = new MeetingTranscriber(config(), () -> store, c -> Transcriber.start(SPEECH));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(restored), TranscriptionJob::meetingId, Types.STRING);
        harness.setup();
        harness.initializeState(checkpoint);
        harness.open();
        harness.setProcessingTime(now);
        feedAlongTheClock(second, now);
        event(now + 500, new RecordingStopped("rec-4"));
        // The media clock follows the replayed packets, then runs on 2 s after the last: the stop's
        // drain ends about 8.5 s on.
        for (long t = now + 500; t <= now + 12_000; t += 500) {
            harness.setProcessingTime(t);
        }

        List<TranscriptSegment> stored = new ArrayList<>(store.segments);
        stored.sort(java.util.Comparator.comparingLong(TranscriptSegment::getStartOffsetMs));
        assertEquals(2, stored.size(), "one row per sentence, none lost and none twice: " + stored);
        assertTrue(stored.get(1).getStartOffsetMs() >= stored.get(0).getEndOffsetMs(), "no two rows of the same speech: " + stored);
        // Each row is its sentence (the bound says which sentence, not how well the model hears: it
        // heard "number ... on that week" for BOB both before and after the crash).
        assertTrue(WordErrorRate.of(ADA, stored.get(0).getText().toString()).rate() <= 0.35, "first: " + stored.get(0).getText());
        assertTrue(WordErrorRate.of(BOB, stored.get(1).getText().toString()).rate() <= 0.35, "second: " + stored.get(1).getText()
                + " [" + stored.get(1).getStartOffsetMs() + " ms]; before the crash: " + beforeCrash);
        String vtt = store.files.get("rec-4/" + TranscriptFormat.VTT.fileName());
        assertTrue(vtt != null, "the files after the stop: " + store.files.keySet() + "; out: "
                + harness.extractOutputValues().stream().map(r -> r.topic).toList());
        assertEquals(2, vtt.split("\n\n").length - 1, "the files have each sentence once: " + vtt);
    }

    /**
     * A participant who never speaks keeps, for a rebuild after a restore, only its last second or
     * so of packets (the VAD's pre-roll), not the whole meeting: the kept state and each prune once
     * grew with the meeting's length times its silent tracks.
     */
    @Test
    void aSilentTrackKeepsOnlyItsLastSecondOfPacketsForARebuild() throws Exception {
        open();
        event(T0_MS, started());
        event(T0_MS + 100, joined("p-ada", "Ada Lovelace"));
        event(T0_MS + 200, joined("p-bob", "Bob Kahn"));
        event(T0_MS + 500, new RecordingStarted("rec-5", true, null, true));
        List<MediaPacket> packets = new ArrayList<>(speech("p-ada", "t-ada", 1, "en-us", ADA, T0_MS + 1000));
        packets.addAll(silence("p-bob", "t-bob", 2, T0_MS + 1000, 20));
        packets.sort(java.util.Comparator.comparing(MediaPacket::getArrivalTime));
        feedAlongTheClock(packets, packets.get(packets.size() - 1).getArrivalTime().toEpochMilli());

        var backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(MEETING);
        Iterable<byte[]> kept = backend.getPartitionedState(org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                new org.apache.flink.api.common.state.ListStateDescriptor<>(MeetingTranscriber.KEPT_PACKETS,
                        org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)).get();
        long bobKept = 0;
        for (byte[] framed : kept) {
            if (KeptPacket.trackId(framed).equals("t-bob")) {
                bobKept++;
            }
        }
        // 20 s of silence is 1,000 packets; a second of pre-roll, the 0.4 s hold and a tick are about 170.
        assertTrue(bobKept > 0 && bobKept <= 250, "the silent track's kept packets: " + bobKept + " of 1000");
        assertEquals(1, store.segments.size(), "Ada's sentence, and nothing from the silence: " + store.segments);
    }

    /**
     * A job that reads a minute behind (restored from a checkpoint, or lagging on a busy machine)
     * meets packets long past their arrival at the SFU, and a meeting's RecordingStarted (through
     * the outbox) can come a few fetches behind its packets (straight from the SFU). The packets
     * wait for it counted from their reading: counted from their arrival, the first tick dropped
     * them all and the sentence was lost.
     */
    @Test
    void packetsReadAMinuteLateAheadOfTheirStartEventAreHeldFromTheirReadingNotTheirArrival() throws Exception {
        open();
        long readFrom = T0_MS + 60_000;
        harness.setProcessingTime(readFrom);
        event(T0_MS, started());
        event(T0_MS + 100, joined("p-ada", "Ada Lovelace"));
        for (MediaPacket p : speech("p-ada", "t-ada", 1, "en-us", ADA, T0_MS + 1000)) {
            harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEDIA_PACKETS, 0, offset++, key(), Codecs.MEDIA_PACKETS.encode(p))));
        }
        // Two ticks pass before the start event is read: the packets are a minute past their arrival.
        harness.setProcessingTime(readFrom + 1000);
        harness.setProcessingTime(readFrom + 2000);
        event(T0_MS + 500, new RecordingStarted("rec-6", true, null, true));
        for (long t = readFrom + 2000; t <= readFrom + 12_000; t += 500) {
            harness.setProcessingTime(t);
        }

        assertEquals(1, store.segments.size(), "Ada's replayed sentence: " + store.segments + "; out: "
                + harness.extractOutputValues().stream().map(r -> r.topic).toList());
        assertTrue(WordErrorRate.of(ADA, store.segments.get(0).getText().toString()).rate() <= 0.35,
                "Ada: " + store.segments.get(0).getText());
    }

    /** The {@code i}th 20 ms Opus packet of a track, arriving at {@code arrivalMicros}. */
    private static MediaPacket opusPacket(String participant, String track, long ssrc, int i, long arrivalMicros, byte[] payload) {
        return MediaPacket.newBuilder().setMeetingId(MEETING).setAccountId("acct-1").setParticipantId(participant)
                .setTrackId(track).setKind(MediaKind.AUDIO).setCodec("opus").setClockRate(48_000).setSsrc(ssrc)
                .setSequenceNumber(i).setRtpTimestamp(i * 960L)
                .setArrivalTime(Instant.ofEpochSecond(arrivalMicros / 1_000_000, arrivalMicros % 1_000_000 * 1000))
                .setMarker(false).setPayloadType(111).setPayload(ByteBuffer.wrap(payload)).build();
    }

    /** {@code seconds} of digital silence, Opus-coded in 20 ms packets from {@code atMs}. */
    static List<MediaPacket> silence(String participant, String track, long ssrc, long atMs, int seconds) throws Exception {
        List<MediaPacket> packets = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder()) {
            for (int i = 0; i < seconds * 50; i++) {
                byte[] payload = encoder.encode(new short[960]);
                packets.add(opusPacket(participant, track, ssrc, i, (atMs + i * 20L) * 1000, payload));
            }
        }
        return packets;
    }

    /** Feeds packets in arrival order, with the harness clock following them. */
    private void feedAlongTheClock(List<MediaPacket> packets, long untilMs) throws Exception {
        for (MediaPacket p : packets) {
            long at = p.getArrivalTime().toEpochMilli();
            if (at > harness.getProcessingTime()) {
                harness.setProcessingTime(at);
            }
            harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEDIA_PACKETS, 0, offset++, key(), Codecs.MEDIA_PACKETS.encode(p))));
        }
        if (untilMs > harness.getProcessingTime()) {
            harness.setProcessingTime(untilMs);
        }
    }

    /** One sentence spoken by espeak-ng, Opus-coded at the bot's bitrate in 20 ms packets from {@code atMs}. */
    static List<MediaPacket> speech(String participant, String track, long ssrc, String voice, String text, long atMs) throws Exception {
        short[] pcm = Espeak.pcm(voice, text, scratch, 48_000);
        List<MediaPacket> packets = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder()) {
            for (int i = 0; (i + 1) * 960 <= pcm.length + 960; i++) {
                short[] frame = new short[960];
                System.arraycopy(pcm, i * 960, frame, 0, Math.max(0, Math.min(960, pcm.length - i * 960)));
                byte[] payload = encoder.encode(frame);
                packets.add(opusPacket(participant, track, ssrc, i, (atMs + i * 20L) * 1000 + (i % 3) * 4000, payload));
            }
        }
        return packets;
    }

    private void event(long atMs, Object payload) throws Exception {
        if (atMs > harness.getProcessingTime()) {
            harness.setProcessingTime(atMs);
        }
        MeetingEvent event = MeetingEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAccountId("acct-1")
                .setMeetingId(MEETING).setOccurredAt(Instant.ofEpochMilli(atMs)).setPayload(payload).build();
        harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEETING_EVENTS, 0, offset++, key(), Codecs.MEETING_EVENTS.encode(event))));
    }

    private static MeetingStarted started() {
        return new MeetingStarted("Planning", "host-user", MeetingType.INSTANT, new MeetingSettings(false, true, false, true, false, false));
    }

    private static ParticipantJoined joined(String id, String name) {
        return ParticipantJoined.newBuilder().setParticipantId(id).setUserId(null).setDisplayName(name)
                .setRole(ParticipantRole.PARTICIPANT).setAudioMuted(false).setVideoMuted(true).setClient("test").build();
    }

    private static byte[] key() {
        return MEETING.getBytes(StandardCharsets.UTF_8);
    }

    private <T> List<T> outputs(String topic, Function<byte[], Decoded<T>> decode) {
        return harness.extractOutputValues().stream().filter(r -> r.topic.equals(topic)).map(r -> decode.apply(r.value).orElseThrow()).toList();
    }

    static TranscriberConfig config() {
        return new TranscriberConfig(new io.confab.jobs.config.JobConnections("unused:9092", io.confab.storage.kafka.KafkaLogin.NONE, "g", "http://unused", "us-east-1", "a", "s", "test",
                "unused:9042", "dc1", io.confab.storage.cassandra.CassandraLogin.NONE), "en-US",
                Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(5),
                new HashMap<>(), TranscriberConfig.DEFAULT_SILENT_LEVEL);
    }

    static final class MemoryTranscriptStore implements TranscriptStore {
        final List<TranscriptSegment> segments = new ArrayList<>();
        final Map<String, String> files = new HashMap<>();

        @Override
        public String bucket() {
            return "test";
        }

        @Override
        public void segment(TranscriptSegment segment, boolean firstOfRun) {
            // As Cassandra: the row's key is its start and its id.
            segments.removeIf(s -> s.getSegmentId().equals(segment.getSegmentId()) && s.getStartOffsetMs() == segment.getStartOffsetMs());
            segments.add(segment);
        }

        @Override
        public void forgetSegments(String meetingId, java.time.Instant startedAt, long fromOffsetMs, java.util.Set<String> ids) {
            segments.removeIf(s -> s.getMeetingId().equals(meetingId) && s.getStartOffsetMs() >= fromOffsetMs && ids.contains(s.getSegmentId()));
        }

        @Override
        public Map<TranscriptFormat, StoredFile> files(TranscriptId id, int count, Map<TranscriptFormat, String> documents) {
            Map<TranscriptFormat, StoredFile> stored = new java.util.EnumMap<>(TranscriptFormat.class);
            documents.forEach((format, text) -> {
                files.put(id.recordingId() + "/" + format.fileName(), text);
                stored.put(format, new StoredFile(format, "test", id.recordingId() + "/" + format.fileName(), text.length()));
            });
            return stored;
        }

        /** Request states in order, "STATUS progress error". */
        final List<String> states = new ArrayList<>();
        /** Stored objects a request may name: key to a local file. */
        final Map<String, java.nio.file.Path> objects = new HashMap<>();

        @Override
        public void requestState(TranscriptId id, String status, float progress, String error) {
            states.add(status + " " + progress + (error == null ? "" : " " + error));
        }

        @Override
        public void download(String bucket, String key, java.nio.file.Path to) throws java.io.IOException {
            java.nio.file.Path from = objects.get(key);
            if (from == null) {
                throw new java.io.IOException("S3 get of " + bucket + "/" + key + " failed: The specified key does not exist.");
            }
            java.nio.file.Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void close() {
        }
    }
}
