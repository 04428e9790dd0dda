package io.confab.core.sfu;

import io.confab.core.sfu.rtcp.FullIntraRequest;
import io.confab.core.sfu.rtcp.GenericNack;
import io.confab.core.sfu.rtcp.PictureLossIndication;
import io.confab.core.sfu.rtcp.ReceiverReport;
import io.confab.core.sfu.rtcp.Remb;
import io.confab.core.sfu.rtcp.ReportBlock;
import io.confab.core.sfu.rtcp.RtcpPacket;
import io.confab.core.sfu.rtcp.SenderReport;
import io.confab.core.sfu.rtcp.TransportFeedback;

import java.util.List;

/**
 * What a receiver tells the SFU about its down tracks: report blocks (loss, jitter, RTT for
 * {@code media.quality}), PLI and FIR (a key frame from the sender's layer), NACK (answered from
 * history as RTX), REMB and transport-cc feedback (the downlink's bandwidth estimate).
 */
final class ReceiverFeedback extends CountedStage<ReceivedRtcp> {

    private final SfuCounters sfu;
    private final KeyframeRequests keyframes;
    private final Retransmission retransmission;

    ReceiverFeedback(SfuCounters sfu, KeyframeRequests keyframes, Retransmission retransmission) {
        super("receiver_feedback");
        this.sfu = sfu;
        this.keyframes = keyframes;
        this.retransmission = retransmission;
    }

    @Override
    public boolean process(ReceivedRtcp packet) {
        Participant receiver = packet.from;
        long now = packet.now;
        for (RtcpPacket part : packet.compound.packets()) {
            if (part instanceof ReceiverReport report) {
                reportBlocks(receiver, report.reportBlocks());
            } else if (part instanceof SenderReport report) {
                reportBlocks(receiver, report.reportBlocks());
            } else if (part instanceof PictureLossIndication pli) {
                keyframes.requestFor(receiver.downBySsrc.get(pli.mediaSsrc()), now);
            } else if (part instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry entry : fir.entries()) {
                    keyframes.requestFor(receiver.downBySsrc.get(entry.ssrc()), now);
                }
            } else if (part instanceof GenericNack nack) {
                DownTrack track = receiver.downBySsrc.get(nack.mediaSsrc());
                if (track != null) {
                    retransmission.answer(track, nack.sequenceNumbers(), now);
                }
            } else if (part instanceof Remb remb) {
                receiver.rembBps = remb.bitrateBps();
                receiver.rembAtNanos = now;
            } else if (part instanceof TransportFeedback feedback) {
                receiver.downlink.onFeedback(feedback, now, sfu);
            }
        }
        return true;
    }

    private static void reportBlocks(Participant receiver, List<ReportBlock> blocks) {
        for (ReportBlock block : blocks) {
            DownTrack track = receiver.downBySsrc.get(block.ssrc());
            if (track == null) {
                continue;
            }
            track.lastFractionLost = block.fractionLost();
            track.lastJitter = block.jitter();
            track.lastCumulativeLost = block.cumulativeLost();
            track.highestReported = block.extendedHighestSequenceNumber();
            if (block.lastSenderReport() != 0) {
                // RFC 3550 §6.4.1: RTT = arrival - LSR - DLSR, in 1/65536 s.
                long arrival = NtpTime.middle32(System.currentTimeMillis());
                long rtt = (arrival - block.lastSenderReport() - block.delaySinceLastSenderReport()) & 0xFFFF_FFFFL;
                if (rtt < 65536L * 10) {
                    track.lastRttMs = rtt * 1000.0 / 65536.0;
                }
            }
        }
    }
}
