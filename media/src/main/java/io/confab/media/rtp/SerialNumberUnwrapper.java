package io.confab.media.rtp;

/**
 * Extends an RTP field that wraps (the 16-bit sequence number, the 32-bit timestamp: RFC 3550 §5.1)
 * to a 64-bit count that keeps increasing across each wrap, as RFC 3550 §A.1 keeps a cycle count
 * beside max_seq. Each value is placed at the distance from the previous one that is shortest modulo
 * 2^bits (RFC 1982's serial number arithmetic), so reordering of up to half the range either way is
 * unwrapped correctly: 32767 sequence numbers; for timestamps, the wrap comes after 24.9 hours of
 * 48 kHz audio and 13.3 hours of 90 kHz video. The first value maps to itself; one older than the
 * first maps below it (possibly negative). Not thread-safe.
 */
public final class SerialNumberUnwrapper {

    private final long mask;
    /** Shifting the difference up by this and back sign-extends it from the field's width. */
    private final int shift;
    private boolean started;
    private long last;

    private SerialNumberUnwrapper(int bits) {
        this.mask = (1L << bits) - 1;
        this.shift = Long.SIZE - bits;
    }

    /** For 16-bit RTP sequence numbers. */
    public static SerialNumberUnwrapper sequenceNumbers() {
        return new SerialNumberUnwrapper(16);
    }

    /** For 32-bit RTP timestamps. */
    public static SerialNumberUnwrapper rtpTimestamps() {
        return new SerialNumberUnwrapper(32);
    }

    /**
     * The extended value of {@code value}; only the field's low bits are read, so an int timestamp
     * may be passed sign-extended.
     */
    public long unwrap(long value) {
        long field = value & mask;
        if (!started) {
            started = true;
            last = field;
            return last;
        }
        // The difference modulo 2^bits, taken into -2^(bits-1)..2^(bits-1)-1: the shortest way round.
        last += ((field - (last & mask)) << shift) >> shift;
        return last;
    }

    /** Forgets the history: the next value maps to itself again. */
    public void reset() {
        started = false;
    }
}
