package io.confab.core.sfu;

import io.confab.core.sfu.bwe.TransportFeedbackRecorder;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.TransportWideSequenceNumber;
import io.confab.ingest.TappedPacket;
import io.confab.storage.events.MediaPacket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.confab.core.sfu.MeetingFixture.OPUS;
import static io.confab.core.sfu.MeetingFixture.VP8;
import static io.confab.core.sfu.MeetingFixture.VP8_RTX;
import static io.confab.core.sfu.MeetingFixture.rtp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each stage of the receive path, fed one packet at a time, without a socket. */
class ReceivePathStagesTest {

    private final MeetingFixture meeting = new MeetingFixture();
    private final Participant alice = meeting.join("p-alice");
    private final SfuCounters sfu = meeting.ctx.counters;

    /** The packet as the stages before {@code stage} would have left it: parsed, its layer found. */
    private ReceivedPacket identified(byte[] bytes, long now) {
        ReceivedPacket packet = meeting.received(alice, bytes, now);
        assertTrue(new LayerLookup(sfu).process(packet), "the fixture's packet has a layer");
        return packet;
    }

    private static byte[] vp8KeyFrameStart() {
        // VP8 payload descriptor: S=1, partition 0; then a key frame's tag, start code, 1280x720 (RFC 6386 §9.1).
        return new byte[] {0x10, 0x50, 0x2f, 0x00, (byte) 0x9d, 0x01, 0x2a, 0x00, 0x05, (byte) 0xd0, 0x02, 0, 0, 0};
    }

    private static byte[] vp8DeltaFrameStart() {
        return new byte[] {0x10, 0x51, 0x2f, 0x00, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    @Test
    void rtpParseLetsAPacketOnAndDropsWhatIsNotRtp() {
        RtpParse stage = new RtpParse(sfu);
        byte[] good = rtp(OPUS, 0x1234, 7).bytes();

        assertTrue(stage.process(new ReceivedPacket(new RtpPacket()).reset(alice, good, good.length, 1)));
        ReceivedPacket bad = new ReceivedPacket(new RtpPacket()).reset(alice, new byte[] {(byte) 0x80, 111, 0, 1, 0}, 5, 1);
        assertFalse(stage.process(bad));

        assertEquals(1, stage.counters().dropped(PacketDropReason.MALFORMED_RTP));
        assertEquals(1, sfu.malformedRtp.sum());
        assertEquals(1, sfu.rtpReceived.sum());
    }

    @Test
    void transportCcArrivalsRecordsTheTransportWideSequenceNumber() {
        alice.publishTransportCcExtension = 3;
        alice.arrivals = new TransportFeedbackRecorder(64, alice.rtcpSsrc, 0);
        TransportCcArrivals stage = new TransportCcArrivals();
        MeetingFixture.Rtp without = rtp(OPUS, 0x1234, 7);
        assertTrue(stage.process(meeting.received(alice, without.bytes(), 10)));
        assertFalse(alice.arrivals.hasPending(), "a packet without the extension is no arrival");

        byte[] sequence = new byte[TransportWideSequenceNumber.LENGTH];
        sequence[1] = 42;
        assertTrue(stage.process(meeting.received(alice, rtp(OPUS, 0x1234, 8).extension(3, sequence).bytes(), 20)));

        assertTrue(alice.arrivals.hasPending(), "the arrival waits for the next transport-cc feedback");
    }

    @Test
    void layerLookupBindsASimulcastLayerByRidThenFindsItBySsrc() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        LayerLookup stage = new LayerLookup(sfu);

        ReceivedPacket first = meeting.received(alice, rtp(VP8, 0xAAA1, 1).mid("1").rid("m").bytes(), 1);
        assertTrue(stage.process(first));
        assertSame(video.layers.get(1), first.layer);
        assertFalse(first.retransmission);
        assertEquals(0xAAA1, video.layers.get(1).ssrc);

        ReceivedPacket next = meeting.received(alice, rtp(VP8, 0xAAA1, 2).bytes(), 2);
        assertTrue(stage.process(next), "once bound, the SSRC alone finds the layer");
        assertSame(video.layers.get(1), next.layer);

        ReceivedPacket rtx = meeting.received(alice, rtp(VP8_RTX, 0xBBB1, 1).mid("1").repairedRid("m").bytes(), 3);
        assertTrue(stage.process(rtx));
        assertSame(video.layers.get(1), rtx.layer);
        assertTrue(rtx.retransmission, "a packet on the layer's RTX SSRC is a retransmission");
    }

    @Test
    void layerLookupDropsAPacketThatNamesNoLayer() {
        MeetingFixture.publishSimulcastVideo(alice);
        LayerLookup stage = new LayerLookup(sfu);

        // A simulcast track's packet without a rid cannot be placed.
        assertFalse(stage.process(meeting.received(alice, rtp(VP8, 0xAAA1, 1).mid("1").bytes(), 1)));
        assertFalse(stage.process(meeting.received(alice, rtp(50, 0xAAA2, 1).bytes(), 1)));

        assertEquals(2, stage.counters().dropped(PacketDropReason.UNKNOWN_SSRC));
        assertEquals(2, sfu.unknownSsrc.sum());
    }

    @Test
    void rtxUnwrapGivesBackTheOriginalPacket() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        identified(rtp(VP8, 0xAAA0, 100).mid("1").rid("l").bytes(), 1);
        // RFC 4588 §4: the original sequence number (0x1234) first, then the original payload.
        byte[] bytes = rtp(VP8_RTX, 0xBBB0, 9).mid("1").repairedRid("l").payload((byte) 0x12, (byte) 0x34, 7, 8, 9).bytes();
        ReceivedPacket packet = identified(bytes, 2);
        RtxUnwrap stage = new RtxUnwrap(sfu);

        assertTrue(stage.process(packet));

        assertEquals(0x1234, packet.rtp.sequenceNumber());
        assertEquals(0xAAA0, packet.rtp.ssrc());
        assertEquals(VP8, packet.rtp.payloadType());
        assertEquals(3, packet.rtp.payloadLength());
        assertArrayEquals(new byte[] {7, 8, 9}, java.util.Arrays.copyOfRange(packet.buffer, packet.rtp.payloadOffset(),
                packet.rtp.payloadOffset() + 3));
        assertSame(video.layers.get(0), packet.layer);
    }

    @Test
    void rtxUnwrapPassesMediaAndDropsARetransmissionItCannotPlace() {
        MeetingFixture.publishSimulcastVideo(alice);
        RtxUnwrap stage = new RtxUnwrap(sfu);
        assertTrue(stage.process(identified(rtp(VP8, 0xAAA0, 100).mid("1").rid("l").bytes(), 1)), "media is not touched");

        // The high layer's RTX arrives before any of its media: no SSRC to restore.
        ReceivedPacket early = identified(rtp(VP8_RTX, 0xBBB2, 1).mid("1").repairedRid("h").payload((byte) 0, (byte) 1, 5).bytes(), 2);
        assertFalse(stage.process(early));

        assertEquals(1, stage.counters().dropped(PacketDropReason.RTX_UNUSABLE));
    }

    @Test
    void payloadTypeFilterDropsACodecTheTrackDidNotNegotiate() {
        MeetingFixture.publishAudio(alice);
        PayloadTypeFilter stage = new PayloadTypeFilter(sfu);
        ReceivedPacket opus = identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1);
        assertTrue(stage.process(opus));

        ReceivedPacket other = identified(rtp(OPUS, 0x1111, 2).bytes(), 2);
        other.rtp.setPayloadType(0);
        assertFalse(stage.process(other));

        assertEquals(1, stage.counters().dropped(PacketDropReason.UNKNOWN_PAYLOAD_TYPE));
        assertEquals(1, sfu.unknownPayloadType.sum());
    }

    @Test
    void receiveStatisticsMarkTheLayerArrivingAndCountIt() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        ReceiveStatisticsUpdate stage = new ReceiveStatisticsUpdate();
        Publication.Layer low = video.layers.get(0);
        long now = meeting.later(0);
        assertFalse(low.active(now));

        for (int sequence = 10; sequence < 20; sequence++) {
            assertTrue(stage.process(identified(rtp(VP8, 0xAAA0, sequence).mid("1").rid("l").bytes(), meeting.later(10))));
        }

        now = meeting.later(0);
        assertTrue(low.active(now), "a layer with packets in the last 1.5 s is active");
        assertEquals(19, low.statistics.extendedHighestSequenceNumber() & 0xFFFF);
        assertTrue(low.bitrate.bitsPerSecond(now) > 0, "the layer's bitrate is measured");
        assertFalse(video.layers.get(2).active(now));
    }

    @Test
    void keyframeReaderFindsAVp8KeyFrameAndItsHeight() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        KeyframeReader stage = new KeyframeReader(new io.confab.media.vp8.Vp8PayloadDescriptor());

        ReceivedPacket delta = identified(rtp(VP8, 0xAAA2, 1).mid("1").rid("h").payload(vp8DeltaFrameStart()).bytes(), 1);
        assertTrue(stage.process(delta));
        assertFalse(delta.keyframe);

        ReceivedPacket key = identified(rtp(VP8, 0xAAA2, 2).payload(vp8KeyFrameStart()).bytes(), 2);
        video.layers.get(2).height = 0;
        assertTrue(stage.process(key));
        assertTrue(key.keyframe);
        assertEquals(720, video.layers.get(2).height);
        assertEquals(2, video.layers.get(2).lastKeyframeNanos);
    }

    @Test
    void audioLevelReaderReadsTheLevelAndMakesALoudSenderTheSpeaker() {
        MeetingFixture.publishAudio(alice);
        meeting.join("p-bob");
        AudioLevelReader stage = new AudioLevelReader(meeting.ctx.signals);

        for (int i = 0; i < 100 && meeting.speakers.isEmpty(); i++) {
            ReceivedPacket packet = identified(rtp(OPUS, 0x1111, i).mid("0").audioLevel(true, 20).bytes(), meeting.later(20));
            assertTrue(stage.process(packet));
            assertEquals(20, packet.audioLevel);
            assertTrue(packet.voiceActivity);
        }

        assertEquals(List.of("p-alice"), meeting.speakers, "two seconds of speech make Alice the dominant speaker");
    }

    @Test
    void audioLevelReaderLeavesAMutedSenderOutOfTheSpeakerChoice() {
        MeetingFixture.publishAudio(alice);
        alice.audioMuted = true;
        AudioLevelReader stage = new AudioLevelReader(meeting.ctx.signals);

        for (int i = 0; i < 100; i++) {
            ReceivedPacket packet = identified(rtp(OPUS, 0x1111, i).mid("0").audioLevel(true, 20).bytes(), meeting.later(20));
            assertTrue(stage.process(packet));
        }

        assertEquals(List.of(), meeting.speakers);
    }

    @Test
    void muteGateDropsWhatAHostMutedAndNothingElse() {
        MeetingFixture.publishAudio(alice);
        MeetingFixture.publishSimulcastVideo(alice);
        MuteGate stage = new MuteGate(sfu);
        alice.audioMuted = true;

        assertFalse(stage.process(identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1)));
        assertTrue(stage.process(identified(rtp(VP8, 0xAAA0, 1).mid("1").rid("l").bytes(), 2)), "only audio is muted");

        assertEquals(1, stage.counters().dropped(PacketDropReason.MUTED));
        assertEquals(1, sfu.mutedDropped.sum());
    }

    @Test
    void recordingTapTakesNothingUntilARecordingStartsThenAudioAsSent() {
        MeetingFixture.publishAudio(alice);
        List<TappedPacket> tapped = new ArrayList<>();
        RecordingTap stage = new RecordingTap(sfu, meeting.ctx.paths.keyframes, tapped::add);

        ReceivedPacket before = identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1);
        assertTrue(stage.process(before));
        assertEquals(0, tapped.size(), "no recording, no transcription: nothing tapped");

        meeting.conference.startTap("rec-1", meeting.later(0));
        ReceivedPacket packet = identified(rtp(OPUS, 0x1111, 2).mid("0").audioLevel(true, 33).payload((byte) 9, (byte) 8).bytes(), 2);
        packet.audioLevel = 33;
        packet.voiceActivity = true;
        assertTrue(stage.process(packet), "the tap never stops forwarding");

        assertEquals(1, tapped.size());
        MediaPacket record = tapped.get(0).toMediaPacket();
        assertEquals("8512345678", record.getMeetingId());
        assertEquals("acct-1", record.getAccountId());
        assertEquals("p-alice", record.getParticipantId());
        assertEquals("opus", record.getCodec());
        assertEquals(48_000, record.getClockRate());
        assertEquals(2, record.getSequenceNumber());
        assertEquals(0x1111, record.getSsrc());
        assertEquals(33, record.getAudioLevel());
        assertEquals(java.nio.ByteBuffer.wrap(new byte[] {9, 8}), record.getPayload());
        assertEquals(1, sfu.tapped.sum());
    }

    @Test
    void recordingTapTakesOneVideoLayerTheHighestArrivingAndKeepsIt() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        List<TappedPacket> tapped = new ArrayList<>();
        RecordingTap stage = new RecordingTap(sfu, meeting.ctx.paths.keyframes, tapped::add);
        ReceiveStatisticsUpdate arriving = new ReceiveStatisticsUpdate();
        // l and m arrive before the recording starts; h does not.
        arriving.process(identified(rtp(VP8, 0xAAA0, 0).mid("1").rid("l").bytes(), meeting.later(10)));
        arriving.process(identified(rtp(VP8, 0xAAA1, 0).mid("1").rid("m").bytes(), meeting.later(10)));
        meeting.conference.startTap("rec-1", meeting.later(0));

        for (int sequence = 1; sequence <= 5; sequence++) {
            for (String rid : List.of("l", "m")) {
                ReceivedPacket packet = identified(rtp(VP8, rid.equals("l") ? 0xAAA0 : 0xAAA1, sequence).bytes(), meeting.later(10));
                arriving.process(packet);
                assertTrue(stage.process(packet), "the tap never stops forwarding");
            }
        }

        assertEquals(1, video.tapLayer, "of l and m arriving, m is the highest");
        assertEquals(5, tapped.size(), "only the chosen layer's packets are tapped");
        assertTrue(tapped.stream().allMatch(p -> p.ssrc() == 0xAAA1), "every tapped packet is from m");
        assertEquals("VP8", tapped.get(0).track().codec());
    }

    @Test
    void recordingTapCountsARefusedOfferAndForwardsAnyway() {
        MeetingFixture.publishAudio(alice);
        RecordingTap stage = new RecordingTap(sfu, meeting.ctx.paths.keyframes, packet -> false);
        meeting.conference.tapAudioForTranscription();

        assertTrue(stage.process(identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1)));

        assertEquals(1, sfu.tapDropped.sum());
    }

    @Test
    void fanOutSendsOneCopyToEverySubscriberButTheSender() {
        Publication audio = MeetingFixture.publishAudio(alice);
        Participant bob = meeting.join("p-bob");
        Participant carol = meeting.join("p-carol");
        meeting.join("p-dave"); // not subscribed
        DownTrack toBob = bob.subscribeTo(audio);
        DownTrack toCarol = carol.subscribeTo(audio);
        List<DownTrack> copies = new ArrayList<>();
        StageCounters recorded = new StageCounters("recorder");
        StagePath<ForwardedCopy> send = new StagePath<>("send", new PacketStage<ForwardedCopy>() {
            @Override
            public StageCounters counters() {
                return recorded;
            }

            @Override
            public boolean process(ForwardedCopy copy) {
                copies.add(copy.track);
                return true;
            }
        });
        FanOut stage = new FanOut(send, new ForwardedCopy(), meeting.ctx.absSendTime);

        assertTrue(stage.process(identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1)));

        assertEquals(List.of(toBob, toCarol), copies);
    }
}
