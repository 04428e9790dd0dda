package io.confab.core.sfu.rtp;

/**
 * Comparisons of wrapping counters (RTP sequence numbers, VP8 PictureIDs, TL0PICIDX) by serial
 * number arithmetic (RFC 1982 §3.2): a is newer than b when it is ahead by less than half the space.
 */
public final class SerialNumber {
    private SerialNumber() {
    }

    /** Whether 16-bit sequence number a comes after b (RFC 3550 sequence numbers wrap at 2^16). */
    public static boolean isNewer16(int a, int b) {
        return isNewer(a, b, 16);
    }

    /** Whether a comes after b in a space of 2^bits values, 1 <= bits <= 31. */
    public static boolean isNewer(int a, int b, int bits) {
        int mask = (1 << bits) - 1;
        int forward = (a - b) & mask;
        return forward != 0 && forward < (1 << (bits - 1));
    }

    /** a - b as the shortest signed distance in the 16-bit space, in -32768..32767. */
    public static int difference16(int a, int b) {
        return (short) (a - b);
    }

    /**
     * The 64-bit extension of a 16-bit sequence number that lies nearest to an extended reference;
     * how a stream's packets, in or out of order, get one monotonic number across wraps.
     */
    public static long extend16(int sequenceNumber, long extendedReference) {
        return extendedReference + difference16(sequenceNumber, (int) (extendedReference & 0xFFFF));
    }
}
