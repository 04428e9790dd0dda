package io.confab.media.rtp;

/**
 * Extends 32-bit RTP timestamps (RFC 3550 §5.1) to a 64-bit count that keeps increasing across the
 * wrap at 2^32, which comes after 24.9 hours of 48 kHz audio and 13.3 hours of 90 kHz video. Each
 * timestamp is placed at the distance from the previous one that is shortest modulo 2^32. The
 * first maps to itself. Not thread-safe.
 */
public final class RtpTimestampUnwrapper {
    private static final long MODULUS = 1L << 32;

    private boolean started;
    private long last;

    /** The extended value of {@code timestamp} (only its low 32 bits are read, so an int may be passed sign-extended). */
    public long unwrap(long timestamp) {
        long value = timestamp & (MODULUS - 1);
        if (!started) {
            started = true;
            last = value;
            return last;
        }
        last += (int) (value - (last & (MODULUS - 1)));
        return last;
    }

    public void reset() {
        started = false;
    }
}
