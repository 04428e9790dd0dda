package io.confab.core.sfu.srtp;

/**
 * The 48-bit SRTP packet index, ROC * 2^16 + SEQ (RFC 3711 §3.3.1), estimated from a 16-bit
 * sequence number and the highest index seen so far, as in RFC 3711 Appendix A: the guess is the
 * rollover count that puts the packet closest to the highest one.
 */
final class PacketIndex {
    /** Indices run to 2^48 - 1; past that the keys must change (RFC 3711 §9.2). */
    static final long MAX = (1L << 48) - 1;
    /** Returned for a sequence number that can only be from before rollover count 0. */
    static final long BEFORE_FIRST = -1;

    private static final int HALF = 1 << 15;

    private PacketIndex() {
    }

    /**
     * The estimated index; {@link #BEFORE_FIRST} if it would need a negative ROC, or a value above
     * {@link #MAX} if the ROC would pass 2^32 - 1. The first packet of a stream has ROC 0, which is
     * where DTLS-SRTP starts every stream.
     */
    static long estimate(ReplayWindow window, int sequence) {
        if (window.isEmpty()) {
            return sequence;
        }
        long highest = window.highest();
        long roc = highest >>> 16;
        int last = (int) (highest & 0xFFFF);
        long guess = roc;
        if (last < HALF) {
            if (sequence - last > HALF) {
                guess = roc - 1;
            }
        } else if (last - HALF > sequence) {
            guess = roc + 1;
        }
        return guess < 0 ? BEFORE_FIRST : guess << 16 | sequence;
    }
}
