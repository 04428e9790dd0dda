package io.confab.core.sfu;

import io.confab.core.sfu.rtp.PacketHistory;
import io.confab.core.sfu.rtp.RtpStreamRewriter;
import io.confab.core.sfu.rtp.Vp8PictureRewriter;

/**
 * One publication as one receiver gets it: an outgoing SSRC (plus an RTX SSRC for video) in an
 * m-section of the receiver's subscribe connection, fed from whichever simulcast layer the
 * bandwidth allocation chose. The rewriters keep it one continuous stream across layer switches.
 */
final class DownTrack {
    /**
     * How long a forwarded video packet can be retransmitted: a receiver still missing it after a
     * second has frozen and asks for a key frame instead. It sizes the history (a few hundred
     * packets for 720p, tens for a thumbnail).
     */
    static final long RETRANSMIT_WINDOW_NANOS = 1_000_000_000L;

    final Participant receiver;
    final Publication source;
    final String mid;
    /** The mid as the RFC 9143 header extension carries it, encoded once. */
    final byte[] midBytes;
    final int ssrc;
    final int rtxSsrc;
    final int payloadType;
    final RtpStreamRewriter rewriter;
    final Vp8PictureRewriter pictures;
    final PacketHistory history;
    /** The layer being forwarded, -1 for none yet. */
    int currentLayer = -1;
    /** The layer the allocation wants; a switch happens on that layer's next key frame. */
    int targetLayer = -1;
    int rtxSequence;
    long packetsSent;
    long octetsSent;
    long lastRtpTimestamp;
    long lastSentNanos;
    long lastKeyframeRequestNanos = Long.MIN_VALUE / 2;
    // Downstream quality from the receiver's reports, for media.quality.
    int lastFractionLost;
    long lastJitter;
    double lastRttMs = Double.NaN;
    long lastCumulativeLost;
    long intervalLostBase = -1;
    long intervalExpected;
    long intervalOctetsBase;
    long intervalHighestBase = -1;
    long highestReported;
    long lastSenderReportNtp;
    long lastSenderReportNanos;

    DownTrack(Participant receiver, Publication source, String mid, int ssrc, int rtxSsrc, int payloadType) {
        this.receiver = receiver;
        this.source = source;
        this.mid = mid;
        this.midBytes = mid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.payloadType = payloadType;
        this.rewriter = new RtpStreamRewriter(ssrc, source.clockRate());
        this.pictures = source.isVideo() ? new Vp8PictureRewriter() : null;
        // Video only: Opus is not NACKed in WebRTC, its FEC covers loss. 1024 packets is ~2 s of 720p.
        this.history = source.isVideo() ? new PacketHistory(1024, 1300, RETRANSMIT_WINDOW_NANOS) : null;
        this.rtxSequence = (int) (Math.random() * 0x7FFF);
    }

    boolean isVideo() {
        return source.isVideo();
    }
}
