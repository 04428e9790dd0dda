package io.confab.core.sfu.rtp;

/**
 * The abs-send-time element (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): 24 bits,
 * seconds in 6.18 fixed point, so it wraps every 64 s; the receiver's bandwidth estimator only
 * looks at differences between packets.
 */
public final class AbsSendTime {
    public static final int LENGTH = 3;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int FRACTION_BITS = 18;
    private static final int MASK = 0xFF_FFFF;

    private AbsSendTime() {
    }

    /**
     * The 24-bit value for a nanosecond clock reading. Whole seconds and the fraction are scaled
     * apart so that no clock value overflows the arithmetic.
     */
    public static int fromNanos(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long fraction = Math.floorMod(nanos, NANOS_PER_SECOND);
        return (int) (((seconds << FRACTION_BITS) + ((fraction << FRACTION_BITS) / NANOS_PER_SECOND)) & MASK);
    }

    /** Nanoseconds since the start of the current 64 s period that the 24-bit value names. */
    public static long toNanos(int value) {
        return ((value & MASK) * NANOS_PER_SECOND) >> FRACTION_BITS;
    }

    public static int read(byte[] packet, int dataOffset) {
        return ((packet[dataOffset] & 0xFF) << 16) | ((packet[dataOffset + 1] & 0xFF) << 8)
                | (packet[dataOffset + 2] & 0xFF);
    }

    /** Writes the value for the clock reading into an existing 3-byte element, as a sender does at send time. */
    public static int write(byte[] packet, int dataOffset, long nanos) {
        int value = fromNanos(nanos);
        packet[dataOffset] = (byte) (value >>> 16);
        packet[dataOffset + 1] = (byte) (value >>> 8);
        packet[dataOffset + 2] = (byte) value;
        return LENGTH;
    }
}
