package io.confab.media.rtp;

/**
 * Extends 16-bit RTP sequence numbers to a 64-bit count that keeps increasing across wraps at
 * 65535 (RFC 3550 §A.1 keeps a cycle count beside max_seq for the same purpose). Each number is
 * placed at the distance from the previous one that is shortest modulo 2^16, so reordering of up
 * to 32767 either way is unwrapped correctly. The first number maps to itself; a packet older than
 * the first maps below it (possibly negative). Not thread-safe.
 */
public final class SequenceUnwrapper {
    private static final int MODULUS = 1 << 16;

    private boolean started;
    private long last;

    /** The extended value of {@code sequenceNumber} (only its low 16 bits are read). */
    public long unwrap(int sequenceNumber) {
        int sequence = sequenceNumber & (MODULUS - 1);
        if (!started) {
            started = true;
            last = sequence;
            return last;
        }
        // (short) takes the difference modulo 2^16 into -32768..32767: the shortest way round.
        last += (short) (sequence - (int) (last & (MODULUS - 1)));
        return last;
    }

    /** Forgets the history: the next number maps to itself again. */
    public void reset() {
        started = false;
    }
}
