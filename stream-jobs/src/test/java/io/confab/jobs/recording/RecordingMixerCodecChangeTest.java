package io.confab.jobs.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.recording.bench.SyntheticMeeting;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import io.confab.storage.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's "a codec change mid-stream", through the keyed harness with the real engine: one
 * participant's camera sends H.264 for most of a second and then VP8 again, and its microphone
 * sends PCMU for a second between Opus. The recording completes with both files, each change is
 * counted, and every packet it cannot record is on media.packets.dlq with the reason.
 */
class RecordingMixerCodecChangeTest {

    static final long T0_MS = RecordingMixerTest.T0_MS;
    static final String MEETING = "m-codec";
    static MemoryStore store;

    @Test
    void aTrackThatChangesCodecMidStreamIsCountedDeadLetteredAndTheRecordingStillCompletes() throws Exception {
        store = new MemoryStore();
        MixerConfig audioOnly = RecordingMixerTest.config();
        MixerConfig withVideo = new MixerConfig(audioOnly.connections(), audioOnly.layout(), false,
                audioOnly.framesPerSecond(), audioOnly.videoBitrate(), audioOnly.audioBitrate(), audioOnly.segment(),
                audioOnly.latency(), audioOnly.drain(), audioOnly.idleTimeout(), audioOnly.pendingHold(), audioOnly.thumbnailEvery(),
                audioOnly.checkpointEvery(), audioOnly.scratchDir(), audioOnly.videoPreset());
        RecordingMixer mixer = new RecordingMixer(withVideo, new RecordingMix.Factory(), () -> store);
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(mixer), RecordingMixerJob::meetingId, Types.STRING);
        harness.open();
        harness.setProcessingTime(T0_MS - 10_000);
        var finisher = RecordingMixerTest.finisher(store);

        long[] offset = {0};
        event(harness, offset, T0_MS - 5000, new MeetingStarted("Codecs", "host-user", MeetingType.INSTANT,
                new MeetingSettings(false, true, false, true, false, false)));
        event(harness, offset, T0_MS - 4000, ParticipantJoined.newBuilder().setParticipantId("alice").setUserId(null)
                .setDisplayName("Alice").setRole(ParticipantRole.HOST).setAudioMuted(false).setVideoMuted(false).setClient("test").build());
        event(harness, offset, T0_MS, new RecordingStarted("rec-codec", false, null, false));

        long t0 = T0_MS * 1000 + 20_000;
        List<MediaPacket> sent = new SyntheticMeeting(t0).audio("alice", 42, 6, 1000, 500, 2500)
                .video("alice", 43, 6, 320, 180, 1000, 4000).arrivals();
        // Camera: H.264 from 2.0 s until just before its 3 s key frame; microphone: PCMU from 3 s to 4 s.
        List<MediaPacket> packets = new ArrayList<>();
        int refusedVideo = 0;
        int refusedAudio = 0;
        for (MediaPacket p : sent) {
            long at = SyntheticMeeting.micros(p) - t0;
            if (p.getKind() == MediaKind.VIDEO && at >= 2_000_000 && at < 2_900_000) {
                packets.add(MediaPacket.newBuilder(p).setCodec("H264").setPayloadType(102).build());
                refusedVideo++;
            } else if (p.getKind() == MediaKind.AUDIO && at >= 3_000_000 && at < 4_000_000) {
                packets.add(MediaPacket.newBuilder(p).setCodec("PCMU").setPayloadType(0).build());
                refusedAudio++;
            } else {
                packets.add(p);
            }
        }
        for (MediaPacket p : packets) {
            harness.processElement(new StreamRecord<>(new KafkaRecord(Topics.MEDIA_PACKETS, 0, offset[0]++, key(), Codecs.MEDIA_PACKETS.encode(p))));
        }
        event(harness, offset, T0_MS + 6000, new RecordingStopped("rec-codec"));
        for (long at : new long[] {T0_MS + 7000, T0_MS + 11_000}) {
            harness.setProcessingTime(at);
            var handedOver = harness.getSideOutput(RecordingMixer.TO_FINISH);
            while (handedOver != null && !handedOver.isEmpty()) {
                finisher.processElement(handedOver.poll());
            }
            finisher.setProcessingTime(at);
        }

        List<DeadLetter> letters = harness.extractOutputValues().stream()
                .filter(r -> r.topic.equals(Topics.deadLetterOf(Topics.MEDIA_PACKETS)))
                .map(r -> Codecs.DEAD_LETTERS.decode(r.value).orElseThrow()).toList();
        assertEquals(refusedVideo + refusedAudio, letters.size(), "every packet that cannot be recorded is dead-lettered");
        assertEquals(refusedVideo, letters.stream().filter(l -> l.getReason().contains("sends H264 (payload type 102)")).count(),
                letters.isEmpty() ? "none" : letters.get(0).getReason());
        assertEquals(refusedAudio, letters.stream().filter(l -> l.getReason().contains("sends PCMU (payload type 0)")).count());
        assertTrue(letters.stream().allMatch(l -> l.getReason().contains("participant alice") && l.getOffset() >= 0
                && MEETING.equals(StandardCharsets.UTF_8.decode(l.getKey()).toString())), letters.get(0).toString());

        MixerCounters counters = mixer.counters();
        assertEquals(4, counters.tracks.codecChanges, "VP8 to H.264 and back, Opus to PCMU and back");
        assertEquals(refusedVideo + refusedAudio, counters.tracks.unsupportedCodec);
        // The camera's 3 s key frame starts it again: more frames decoded than the 60 before the change.
        assertTrue(counters.tracks.framesDecoded > 100, "VP8 decoded again after the change: " + counters.tracks.framesDecoded);

        List<RecordingArtifact> artifacts = Stream.concat(harness.extractOutputValues().stream(), finisher.extractOutputValues().stream())
                .filter(r -> r.topic.equals(Topics.RECORDING_ARTIFACTS))
                .map(r -> Codecs.RECORDING_ARTIFACTS.decode(r.value).orElseThrow()).toList();
        assertTrue(artifacts.stream().anyMatch(a -> a.getKind() == ArtifactKind.MP4 && a.getDurationMs() == 6000), artifacts.toString());
        assertTrue(artifacts.stream().anyMatch(a -> a.getKind() == ArtifactKind.M4A && a.getDurationMs() == 6000), artifacts.toString());
        assertEquals("READY", store.statuses.get(store.statuses.size() - 1));
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
}
