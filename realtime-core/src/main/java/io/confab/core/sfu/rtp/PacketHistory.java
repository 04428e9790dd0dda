package io.confab.core.sfu.rtp;

/**
 * The packets recently sent on one outgoing SSRC, kept to answer NACKs (RFC 4585 §6.2.1) with
 * retransmissions. A ring of slots indexed by outgoing sequence number, storing copies, so the send
 * path allocates nothing once warm; a newer packet overwrites the slot of one sent a ring's length
 * earlier. Entries older than the age limit are not answered, because a receiver has given up on
 * them and resending would only add load.
 *
 * <p>The ring starts small and doubles, up to the capacity given, only when a store would overwrite
 * a packet still young enough to be asked for; slot arrays are allocated on first use. So memory
 * follows the stream's packet rate times the age limit: a 180p thumbnail keeps tens of packets, a
 * 720p stream a few hundred. (Preallocating the full ring cost 1.3 MB per forwarded video track and
 * ran a 24-person meeting out of heap.)
 *
 * <p>Not thread-safe: the outgoing stream's thread stores and answers.
 */
public final class PacketHistory {
    /** Returned by {@link #copy} when the packet is not held (never stored, overwritten or too old). */
    public static final int NOT_FOUND = -1;

    private static final int FIRST_RING = 16;

    private final int maxCapacity;
    private final int maxPacketLength;
    private final long maxAgeNanos;
    private int mask;
    private byte[][] slots;
    private int[] slotSequence;
    private int[] slotLength;
    private long[] slotSentAt;

    private long stored;
    private long refused;
    private long hits;
    private long misses;

    /**
     * @param capacity the most slots the ring grows to: a power of two, at most 32768, so each slot
     *                 maps to one sequence number
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
        this.maxCapacity = capacity;
        this.maxPacketLength = maxPacketLength;
        this.maxAgeNanos = maxAgeNanos;
        ring(Math.min(FIRST_RING, capacity));
    }

    private void ring(int size) {
        mask = size - 1;
        slots = new byte[size][];
        slotSequence = new int[size];
        slotLength = new int[size];
        slotSentAt = new long[size];
    }

    /** Keeps a copy of a sent packet under its outgoing sequence number; false if it is empty or too large. */
    public boolean store(int sequenceNumber, byte[] packet, int offset, int length, long sentAtNanos) {
        byte[] slot = reserve(sequenceNumber, length, sentAtNanos);
        if (slot == null) {
            return false;
        }
        System.arraycopy(packet, offset, slot, 0, length);
        return true;
    }

    /**
     * Keeps a packet under its outgoing sequence number that the caller then writes itself, its
     * {@code length} bytes from index 0 of the returned slot, before anything else reads this
     * history: the SFU writes each copy straight into its slot and encrypts it from there, so the
     * payload is not copied into the history as well. Null, and counted as refused, if the packet is
     * empty or larger than the slots.
     */
    public byte[] reserve(int sequenceNumber, int length, long sentAtNanos) {
        if (length > maxPacketLength || length < 1) {
            refused++;
            return null;
        }
        int sequence = sequenceNumber & 0xFFFF;
        int slot = sequence & mask;
        while (slotLength[slot] > 0 && slotSequence[slot] != sequence
                && sentAtNanos - slotSentAt[slot] <= maxAgeNanos && mask + 1 < maxCapacity) {
            grow();
            slot = sequence & mask;
        }
        if (slots[slot] == null) {
            slots[slot] = new byte[maxPacketLength];
        }
        slotSequence[slot] = sequence;
        slotLength[slot] = length;
        slotSentAt[slot] = sentAtNanos;
        stored++;
        return slots[slot];
    }

    /** Doubles the ring; the entries of one old slot all land in one new slot, so none collide. */
    private void grow() {
        byte[][] oldSlots = slots;
        int[] oldSequence = slotSequence;
        int[] oldLength = slotLength;
        long[] oldSentAt = slotSentAt;
        ring((mask + 1) * 2);
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldLength[i] > 0) {
                int slot = oldSequence[i] & mask;
                slots[slot] = oldSlots[i];
                slotSequence[slot] = oldSequence[i];
                slotLength[slot] = oldLength[i];
                slotSentAt[slot] = oldSentAt[i];
            }
        }
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

    /** Slots in the ring now; it grows towards {@link #maxCapacity()} with the stream's rate. */
    public int capacity() {
        return mask + 1;
    }

    public int maxCapacity() {
        return maxCapacity;
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
