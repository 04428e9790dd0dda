package io.confab.core.sfu.rtcp;

import java.util.List;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1): for a run of transport-wide sequence numbers from baseSequenceNumber, whether each packet
 * arrived and when, as deltas in 250 µs steps. The sender's bandwidth estimator compares these
 * with its send times.
 *
 * @param referenceTime 24-bit signed, in multiples of 64 ms, in the receiver's time base
 * @param feedbackPacketCount 8-bit counter of feedback packets, to detect lost feedback
 * @param packets one entry per sequence number covered, in order
 */
public record TransportFeedback(int senderSsrc, int mediaSsrc, int baseSequenceNumber, int referenceTime,
                                int feedbackPacketCount, List<PacketStatus> packets) implements RtcpPacket {
    /** Each receive delta tick is 250 µs (§3.1.5). */
    public static final int DELTA_TICK_MICROS = 250;
    /** Reference time ticks are 64 ms (§3.1). */
    public static final long REFERENCE_TICK_MICROS = 64_000;

    public TransportFeedback {
        if (baseSequenceNumber < 0 || baseSequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException("base sequence number " + baseSequenceNumber);
        }
        if (referenceTime < -0x80_0000 || referenceTime > 0x7F_FFFF) {
            throw new IllegalArgumentException("reference time " + referenceTime + " does not fit 24 signed bits");
        }
        if (feedbackPacketCount < 0 || feedbackPacketCount > 255) {
            throw new IllegalArgumentException("feedback packet count " + feedbackPacketCount);
        }
        packets = List.copyOf(packets);
        if (packets.isEmpty() || packets.size() > 0xFFFF) {
            throw new IllegalArgumentException(packets.size() + " packet statuses, must be 1..65535");
        }
    }

    public long referenceTimeMicros() {
        return referenceTime * REFERENCE_TICK_MICROS;
    }

    /**
     * One packet's fate. For a received packet, receiveDeltaMicros is its arrival time minus the
     * previous received packet's in this feedback (minus the reference time for the first); it may
     * be negative when packets were reordered. 0 for packets not received.
     */
    public record PacketStatus(int sequenceNumber, boolean received, long receiveDeltaMicros) {
        public static PacketStatus lost(int sequenceNumber) {
            return new PacketStatus(sequenceNumber, false, 0);
        }

        public static PacketStatus received(int sequenceNumber, long receiveDeltaMicros) {
            return new PacketStatus(sequenceNumber, true, receiveDeltaMicros);
        }
    }
}
