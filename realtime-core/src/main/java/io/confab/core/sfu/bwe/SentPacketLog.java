package io.confab.core.sfu.bwe;

import io.confab.core.sfu.rtp.SerialNumber;

import java.util.Arrays;

/**
 * The send side of transport-wide congestion control for one transport: hands out the
 * transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) and
 * remembers, in a fixed ring, when each packet left, how big it was, and which probe cluster it
 * belonged to, until the receiver's feedback says when it arrived. Allocates nothing per packet.
 */
public final class SentPacketLog {
    /** Not part of a probe cluster. */
    public static final int NO_CLUSTER = -1;

    private final int mask;
    private final long[] sequenceAt;
    private final long[] sendNanos;
    private final int[] sizes;
    private final int[] clusters;
    private final boolean[] acknowledged;
    private long next;

    /** @param capacity a power of two; feedback for older packets than this is no longer matched */
    public SentPacketLog(int capacity, int firstSequenceNumber) {
        if (capacity < 16 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 16, got " + capacity);
        }
        this.mask = capacity - 1;
        this.sequenceAt = new long[capacity];
        Arrays.fill(sequenceAt, -1);
        this.sendNanos = new long[capacity];
        this.sizes = new int[capacity];
        this.clusters = new int[capacity];
        this.acknowledged = new boolean[capacity];
        this.next = firstSequenceNumber & 0xFFFF;
    }

    /** The 16-bit number the next packet carries; {@link #onSent} must follow for it. */
    public int nextSequenceNumber() {
        return (int) (next & 0xFFFF);
    }

    /** The packet carrying {@link #nextSequenceNumber()} left now with this many bytes (header included). */
    public void onSent(long nowNanos, int bytes, int cluster) {
        int slot = (int) (next & mask);
        sequenceAt[slot] = next;
        sendNanos[slot] = nowNanos;
        sizes[slot] = bytes;
        clusters[slot] = cluster;
        acknowledged[slot] = false;
        next++;
    }

    /** The extended number of a 16-bit one from feedback, -1 when it is not (or no longer) in the log. */
    public long find(int sequenceNumber) {
        if (next == 0) {
            return -1;
        }
        long extended = SerialNumber.extend16(sequenceNumber & 0xFFFF, next - 1);
        return extended >= 0 && sequenceAt[(int) (extended & mask)] == extended ? extended : -1;
    }

    public long sendNanos(long extended) {
        return sendNanos[(int) (extended & mask)];
    }

    public int size(long extended) {
        return sizes[(int) (extended & mask)];
    }

    public int cluster(long extended) {
        return clusters[(int) (extended & mask)];
    }

    /** Marks the packet reported by feedback; true the first time, false when feedback repeats it. */
    public boolean acknowledge(long extended) {
        int slot = (int) (extended & mask);
        if (acknowledged[slot]) {
            return false;
        }
        acknowledged[slot] = true;
        return true;
    }
}
