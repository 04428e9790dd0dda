package io.confab.jobs.recording.track;

import io.confab.media.rtp.RtpTimestampUnwrapper;

/**
 * Places one track's RTP timestamps on the SFU's wall clock, so audio and video of everyone land
 * on one timeline. Per SSRC, media time = RTP time + the smallest (arrival - RTP time) seen: the
 * least-delayed packet is the best estimate of when a frame was sent, and jitter only ever makes
 * a packet later. Audio and video of a participant both come through the same SFU, so their
 * offsets agree to within the sender's own capture delays (lip sync within tens of ms).
 *
 * <p>The offset settles during the first second of a stream; after that it moves only when a
 * packet comes much earlier (30 ms) than expected, which is a sender that paused or restarted its
 * clock, not jitter: a timeline that kept moving would make audio overlap itself.
 */
public final class MediaClock {

    static final long SETTLE_MICROS = 1_000_000;
    static final long REBASE_MICROS = 30_000;

    private final int clockRate;
    private final RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
    private long ssrc = -1;
    private long offset;
    private long firstArrival;

    public MediaClock(int clockRate) {
        this.clockRate = clockRate;
    }

    /** Media time (epoch microseconds) of a packet with {@code rtpTimestamp} that arrived at {@code arrivalMicros}. */
    public long observe(long packetSsrc, long rtpTimestamp, long arrivalMicros) {
        if (packetSsrc != ssrc) {
            ssrc = packetSsrc;
            unwrapper.reset();
            long rtp = rtpMicros(unwrapper.unwrap(rtpTimestamp));
            offset = arrivalMicros - rtp;
            firstArrival = arrivalMicros;
            return arrivalMicros;
        }
        long rtp = rtpMicros(unwrapper.unwrap(rtpTimestamp));
        long candidate = arrivalMicros - rtp;
        boolean settling = arrivalMicros - firstArrival < SETTLE_MICROS;
        if (candidate < offset && (settling || offset - candidate > REBASE_MICROS)) {
            offset = candidate;
        }
        return offset + rtp;
    }

    /** Media time of a timestamp of the current SSRC without learning from it (packets already observed). */
    public long mediaMicros(long rtpTimestamp) {
        return offset + rtpMicros(unwrapper.unwrap(rtpTimestamp));
    }

    private long rtpMicros(long extendedTimestamp) {
        return Math.floorDiv(extendedTimestamp * 1_000_000L, clockRate);
    }
}
