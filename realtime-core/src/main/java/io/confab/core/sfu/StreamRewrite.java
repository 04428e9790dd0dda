package io.confab.core.sfu;

import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpStreamRewriter;

/**
 * Maps the sender's SSRC, sequence number and timestamp onto the down track's own, so the receiver
 * sees one continuous stream across layer switches; the rewriter refuses what would go backwards
 * (a packet from a layer left behind, a duplicate).
 */
final class StreamRewrite extends CountedStage<ForwardedCopy> {

    private final SfuCounters sfu;

    StreamRewrite(SfuCounters sfu) {
        super("stream_rewrite", PacketDropReason.REWRITER_REFUSED);
        this.sfu = sfu;
    }

    @Override
    public boolean process(ForwardedCopy copy) {
        RtpPacket rtp = copy.packet.rtp;
        if (copy.track.rewriter.map(rtp.ssrc(), rtp.sequenceNumber(), rtp.timestamp(), copy.packet.now) != RtpStreamRewriter.Verdict.FORWARD) {
            sfu.rewriterDropped.increment();
            counters.drop(PacketDropReason.REWRITER_REFUSED);
            return false;
        }
        return true;
    }
}
