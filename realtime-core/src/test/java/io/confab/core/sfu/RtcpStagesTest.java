package io.confab.core.sfu;

import io.confab.core.sfu.rtcp.GenericNack;
import io.confab.core.sfu.rtcp.ReceiverReport;
import io.confab.core.sfu.rtcp.Remb;
import io.confab.core.sfu.rtcp.ReportBlock;
import io.confab.core.sfu.rtcp.RtcpPacket;
import io.confab.core.sfu.rtcp.RtcpWriter;
import io.confab.core.sfu.rtcp.SenderReport;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.confab.core.sfu.MeetingFixture.VP8;
import static io.confab.core.sfu.MeetingFixture.rtp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RTCP stages, fed one compound at a time, without a socket. */
class RtcpStagesTest {

    private final MeetingFixture meeting = new MeetingFixture();
    private final Participant alice = meeting.join("p-alice");
    private final Participant bob = meeting.join("p-bob");
    private final SfuCounters sfu = meeting.ctx.counters;

    private static byte[] compound(RtcpPacket... packets) {
        byte[] target = new byte[1500];
        int length = RtcpWriter.writeCompound(List.of(packets), target, 0);
        return Arrays.copyOf(target, length);
    }

    private ReceivedRtcp parsed(Participant from, byte[] bytes, long now) {
        ReceivedRtcp packet = new ReceivedRtcp().reset(from, bytes, bytes.length, now);
        assertTrue(new RtcpParse("test_parse", sfu).process(packet), "the test's compound parses");
        return packet;
    }

    @Test
    void rtcpParseDropsAMalformedCompound() {
        RtcpParse stage = new RtcpParse("receiver_rtcp_parse", sfu);
        byte[] truncated = Arrays.copyOf(compound(new Remb(1, 500_000, List.of(2))), 10);

        assertFalse(stage.process(new ReceivedRtcp().reset(bob, truncated, truncated.length, 1)));

        assertEquals(1, stage.counters().dropped(PacketDropReason.MALFORMED_RTCP));
        assertEquals(1, sfu.malformedRtcp.sum());
        assertEquals(0, sfu.rtcpReceived.sum());
    }

    @Test
    void senderReportReaderGivesTheLayerItsLastSenderReport() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        ReceivedPacket media = meeting.received(alice, rtp(VP8, 0xAAA0, 1).mid("1").rid("l").bytes(), 1);
        new LayerLookup(sfu).process(media);
        Publication.Layer low = video.layers.get(0);
        assertEquals(0, low.statistics.nextReportBlock(2).lastSenderReport(), "no sender report yet");

        long ntp = 0x1234_5678_9ABC_DEF0L;
        assertTrue(new SenderReportReader().process(parsed(alice, compound(new SenderReport(0xAAA0, ntp, 0, 1, 100, List.of())), 3)));

        assertEquals(0x5678_9ABCL, low.statistics.nextReportBlock(4).lastSenderReport(), "LSR: the middle 32 bits (RFC 3550 §6.4.1)");
    }

    @Test
    void receiverFeedbackTakesReportBlocksAndRemb() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        DownTrack track = bob.subscribeTo(video);
        ReceiverFeedback stage = new ReceiverFeedback(sfu, meeting.ctx.paths.keyframes, new Retransmission(meeting.ctx));
        ReportBlock block = new ReportBlock(track.ssrc, 64, 12, 70_000, 90, 0, 0);

        assertTrue(stage.process(parsed(bob, compound(new ReceiverReport(bob.rtcpSsrc, List.of(block)),
                new Remb(bob.rtcpSsrc, 750_000, List.of(track.ssrc))), 5)));

        assertEquals(64, track.lastFractionLost);
        assertEquals(12, track.lastCumulativeLost);
        assertEquals(70_000, track.highestReported);
        assertEquals(90, track.lastJitter);
        assertEquals(750_000, bob.rembBps);
        assertEquals(5, bob.rembAtNanos);
    }

    @Test
    void receiverFeedbackAnswersANackFromHistoryOrCountsTheMiss() {
        Publication video = MeetingFixture.publishSimulcastVideo(alice);
        DownTrack track = bob.subscribeTo(video);
        bob.subscribe = meeting.unsecuredTransport("p-bob/subscribe");
        ReceiverFeedback stage = new ReceiverFeedback(sfu, meeting.ctx.paths.keyframes, new Retransmission(meeting.ctx));

        assertTrue(stage.process(parsed(bob, compound(new GenericNack(bob.rtcpSsrc, track.ssrc, List.of(7, 8))), 5)));

        assertEquals(2, sfu.retransmitMisses.sum(), "nothing was sent, so neither is in the history");
        assertEquals(0, sfu.retransmitted.sum());
        assertNotEquals(0, track.ssrc);
    }
}
