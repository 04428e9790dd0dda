package io.confab.core.sfu.rtp;

/**
 * The packets recently sent on one outgoing SSRC, kept to answer NACKs (RFC 4585 §6.2.1) with
 * retransmissions. A ring of preallocated slots indexed by outgoing sequence number: storing
 * copies into a slot, so the send path allocates nothing, and a newer packet simply overwrites the
 * slot of one sent capacity packets earlier. Entries older than the age limit are not answered,
 * because a receiver has given up on them and resending would only add load.
 *
 * <p>Not thread-safe: the outgoing stream's thread stores and answers.
 */
public final class PacketHistory {
    /** Returned by {@link #copy} when the packet is not held (never stored, overwritten or too old). */
    public static final int NOT_FOUND = -1;

    private final int mask;
    private final int maxPacketLength;
    private final long maxAgeNanos;
    private final byte[][] slots;
    private final int[] slotSequence;
    private final int[] slotLength;
    private final long[] slotSentAt;

    private long stored;
    private long refused;
    private long hits;
    private long misses;

    /**
     * @param capacity a power of two, at most 32768, so each slot maps to one sequence number
     * @param maxPacketLength the largest packet kept; larger ones are counted and not kept
     * @param maxAgeNanos how long a packet may be answered after it was sent, e.g. one second
     */
    public PacketHistory(int capacity, int maxPacketLength, long maxAgeNanos) {
        if (capacity < 1 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two up to 32768");
        }
        if (maxPacketLength < RtpPacket.FIXED_HEADER_LENGTH || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("max packet length " + maxPacketLength + ", max age " + maxAgeNanos);
        }
        this.mask = capacity - 1;
        this.maxPacketLength = maxPacketLength;
        this.maxAgeNanos = maxAgeNanos;
        this.slots = new byte[capacity][maxPacketLength];
        this.slotSequence = new int[capacity];
        this.slotLength = new int[capacity];
        this.slotSentAt = new long[capacity];
    }

    /** Keeps a copy of a sent packet under its outgoing sequence number; false if it is empty or too large. */
    public boolean store(int sequenceNumber, byte[] packet, int offset, int length, long sentAtNanos) {
        if (length > maxPacketLength || length < 1) {
            refused++;
            return false;
        }
        int slot = sequenceNumber & mask;
        System.arraycopy(packet, offset, slots[slot], 0, length);
        slotSequence[slot] = sequenceNumber & 0xFFFF;
        slotLength[slot] = length;
        slotSentAt[slot] = sentAtNanos;
        stored++;
        return true;
    }

    /** Keeps a parsed packet, under the sequence number it carries. */
    public boolean store(RtpPacket packet, long sentAtNanos) {
        return store(packet.sequenceNumber(), packet.buffer(), packet.offset(), packet.length(), sentAtNanos);
    }

    /**
     * Copies the packet sent with this sequence number to target[targetOffset] and returns its
     * length, or {@link #NOT_FOUND}. The target must have room for the maximum packet length.
     */
    public int copy(int sequenceNumber, long nowNanos, byte[] target, int targetOffset) {
        if (targetOffset < 0 || targetOffset > target.length - maxPacketLength) {
            throw new IllegalArgumentException("target needs room for " + maxPacketLength + " bytes at " + targetOffset);
        }
        int slot = sequenceNumber & mask;
        int length = slotLength[slot];
        if (length == 0 || slotSequence[slot] != (sequenceNumber & 0xFFFF)
                || nowNanos - slotSentAt[slot] > maxAgeNanos) {
            misses++;
            return NOT_FOUND;
        }
        System.arraycopy(slots[slot], 0, target, targetOffset, length);
        hits++;
        return length;
    }

    public int capacity() {
        return mask + 1;
    }

    public int maxPacketLength() {
        return maxPacketLength;
    }

    public long stored() {
        return stored;
    }

    /** Packets not kept because they were empty or larger than the slots. */
    public long refused() {
        return refused;
    }

    /** NACKed packets answered. */
    public long hits() {
        return hits;
    }

    /** NACKed packets no longer held. */
    public long misses() {
        return misses;
    }
}
