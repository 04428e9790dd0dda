package io.confab.core.sfu;

import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpParseStatus;
import org.junit.jupiter.api.Test;

import static io.confab.core.sfu.MeetingFixture.OPUS;
import static io.confab.core.sfu.MeetingFixture.VP8;
import static io.confab.core.sfu.MeetingFixture.rtp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each stage of the send path, fed one receiver's copy at a time, without a socket. */
class SendPathStagesTest {

    private final MeetingFixture meeting = new MeetingFixture();
    private final Participant alice = meeting.join("p-alice");
    private final Participant bob = meeting.join("p-bob");
    private final SfuCounters sfu = meeting.ctx.counters;

    private ReceivedPacket identified(byte[] bytes, long now) {
        ReceivedPacket packet = meeting.received(alice, bytes, now);
        assertTrue(new LayerLookup(sfu).process(packet), "the fixture's packet has a layer");
        return packet;
    }

    @Test
    void layerGateSwitchesToTheWantedLayerOnlyAtItsKeyFrame() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        DownTrack track = bob.subscribeTo(video);
        track.targetLayer = 2;
        LayerGate stage = new LayerGate(sfu);

        ReceivedPacket delta = identified(rtp(VP8, 0xAAA2, 1).mid("1").rid("h").bytes(), 1);
        assertFalse(stage.process(new ForwardedCopy().of(delta, track)), "no switch in the middle of a frame sequence");

        ReceivedPacket key = identified(rtp(VP8, 0xAAA2, 2).bytes(), 2);
        key.keyframe = true;
        assertTrue(stage.process(new ForwardedCopy().of(key, track)));
        assertEquals(2, track.currentLayer);

        ReceivedPacket low = identified(rtp(VP8, 0xAAA0, 1).mid("1").rid("l").bytes(), 3);
        low.keyframe = true;
        assertFalse(stage.process(new ForwardedCopy().of(low, track)), "a layer nobody wants for this receiver stays out");

        assertEquals(2, stage.counters().dropped(PacketDropReason.LAYER_NOT_FORWARDED));
        assertEquals(2, sfu.notForwardedLayer.sum());
        assertEquals(1, sfu.layerSwitches.sum());
    }

    @Test
    void layerGatePassesAudio() {
        Publication audio = MeetingFixture.publishAudio(alice);
        DownTrack track = bob.subscribeTo(audio);

        assertTrue(new LayerGate(sfu).process(new ForwardedCopy().of(identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1), track)));
    }

    @Test
    void receiverConnectedDropsACopyForAReceiverWithoutKeys() {
        Publication audio = MeetingFixture.publishAudio(alice);
        DownTrack track = bob.subscribeTo(audio);
        ReceiverConnected stage = new ReceiverConnected();
        ReceivedPacket packet = identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1);

        assertFalse(stage.process(new ForwardedCopy().of(packet, track)), "no subscribe transport yet");
        bob.subscribe = meeting.unsecuredTransport("p-bob/subscribe");
        assertFalse(stage.process(new ForwardedCopy().of(packet, track)), "a transport before its DTLS handshake");

        assertEquals(2, stage.counters().dropped(PacketDropReason.RECEIVER_NOT_CONNECTED));
    }

    @Test
    void streamRewriteRefusesTheReplacedSourceAfterASwitch() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        DownTrack track = bob.subscribeTo(video);
        StreamRewrite stage = new StreamRewrite(sfu);

        assertTrue(stage.process(new ForwardedCopy().of(identified(rtp(VP8, 0xAAA0, 100).mid("1").rid("l").bytes(), 1), track)));
        int beforeSwitch = track.rewriter.outgoingSequenceNumber();
        assertTrue(stage.process(new ForwardedCopy().of(identified(rtp(VP8, 0xAAA2, 500).mid("1").rid("h").bytes(), 2), track)));
        assertEquals((beforeSwitch + 1) & 0xFFFF, track.rewriter.outgoingSequenceNumber(), "the new source continues the receiver's sequence");

        // A late packet of the layer left behind.
        assertFalse(stage.process(new ForwardedCopy().of(identified(rtp(VP8, 0xAAA0, 99).bytes(), 3), track)));

        assertEquals(1, stage.counters().dropped(PacketDropReason.REWRITER_REFUSED));
        assertEquals(1, sfu.rewriterDropped.sum());
    }

    @Test
    void copyWriterWritesTheReceiversHeaderBeforeTheSendersPayloadAndKeepsItForNack() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        DownTrack track = bob.subscribeTo(video);
        ReceivedPacket packet = identified(rtp(VP8, 0xAAA0, 300).mid("1").rid("l").marker()
                .payload((byte) 0x10, 0x11, 0x12, 0x13).bytes(), 5);
        ForwardedCopy copy = new ForwardedCopy().of(packet, track);
        assertTrue(new StreamRewrite(sfu).process(copy));
        CopyWriter stage = new CopyWriter(meeting.ctx.writer, meeting.ctx.out, meeting.ctx.absSendTime, meeting.ctx.vp8Out);

        assertTrue(stage.process(copy));

        RtpPacket written = new RtpPacket();
        assertNotSame(meeting.ctx.out, copy.plain, "video is written into its NACK history slot");
        assertEquals(RtpParseStatus.OK, written.parse(copy.plain, 0, copy.length));
        assertEquals(track.ssrc, written.ssrc());
        assertEquals(track.payloadType, written.payloadType());
        assertEquals(track.rewriter.outgoingSequenceNumber(), written.sequenceNumber());
        assertTrue(written.marker());
        assertArrayEquals(new byte[] {0x10, 0x11, 0x12, 0x13}, java.util.Arrays.copyOfRange(copy.plain,
                written.payloadOffset(), written.payloadOffset() + written.payloadLength()));
        assertEquals(1, track.packetsSent);
        assertEquals(4, track.octetsSent);
        byte[] kept = new byte[1500];
        assertEquals(copy.length, track.history.copy(written.sequenceNumber(), 5, kept, 0), "the copy is kept for a NACK");
        assertArrayEquals(java.util.Arrays.copyOf(copy.plain, copy.length), java.util.Arrays.copyOf(kept, copy.length),
                "the history answers with the copy as written, in clear");
    }

    @Test
    void copyWriterWritesAudioWhichKeepsNoHistoryIntoTheOutBuffer() {
        Publication audio = MeetingFixture.publishAudio(alice);
        DownTrack track = bob.subscribeTo(audio);
        ForwardedCopy copy = new ForwardedCopy().of(identified(rtp(OPUS, 0x1111, 1).mid("0")
                .payload((byte) 0x21, 0x22, 0x23).bytes(), 1), track);
        assertTrue(new StreamRewrite(sfu).process(copy));

        assertTrue(new CopyWriter(meeting.ctx.writer, meeting.ctx.out, meeting.ctx.absSendTime, meeting.ctx.vp8Out).process(copy));

        assertSame(meeting.ctx.out, copy.plain);
        RtpPacket written = new RtpPacket();
        assertEquals(RtpParseStatus.OK, written.parse(meeting.ctx.out, 0, copy.length));
        assertEquals(track.ssrc, written.ssrc());
        assertArrayEquals(new byte[] {0x21, 0x22, 0x23}, java.util.Arrays.copyOfRange(meeting.ctx.out,
                written.payloadOffset(), written.payloadOffset() + written.payloadLength()));
    }

    @Test
    void srtpSendCountsACopyTheTransportCouldNotProtectAndForwardsNothing() {
        Publication audio = MeetingFixture.publishAudio(alice);
        DownTrack track = bob.subscribeTo(audio);
        bob.subscribe = meeting.unsecuredTransport("p-bob/subscribe");
        ForwardedCopy copy = new ForwardedCopy().of(identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1), track);
        copy.length = 20;
        SrtpSend stage = new SrtpSend(sfu, meeting.ctx.forwardingDelay, meeting.ctx.out, true);

        assertFalse(stage.process(copy));

        assertEquals(1, stage.counters().dropped(PacketDropReason.SEND_FAILED));
        assertEquals(0, sfu.forwardedPackets.sum());
        assertTrue(meeting.ctx.forwardingDelay.snapshot().isEmpty(), "nothing forwarded, no delay sample");
    }

    @Test
    void theDeclaredSendPathDropsACopyForAnUnconnectedReceiverAfterTheLayerGate() {
        Publication audio = MeetingFixture.publishAudio(alice);
        DownTrack track = bob.subscribeTo(audio);
        StagePath<ForwardedCopy> send = new PacketPaths(meeting.ctx, tapped -> false).send;

        assertFalse(send.run(new ForwardedCopy().of(identified(rtp(OPUS, 0x1111, 1).mid("0").bytes(), 1), track)));

        java.util.List<PacketStage<ForwardedCopy>> stages = send.stages();
        assertEquals(1, stages.get(0).counters().out(), "the layer gate let the audio copy on");
        assertEquals(1, stages.get(1).counters().dropped(PacketDropReason.RECEIVER_NOT_CONNECTED));
        assertEquals(0, stages.get(2).counters().in(), "nothing reached the rewriter");
    }
}
