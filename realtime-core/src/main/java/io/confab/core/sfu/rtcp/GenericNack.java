package io.confab.core.sfu.rtcp;

import java.util.List;

/**
 * Generic NACK (RFC 4585 §6.2.1): the media sender should retransmit these sequence numbers. On
 * the wire they are PID + BLP pairs; here they are the expanded list, in wire order.
 */
public record GenericNack(int senderSsrc, int mediaSsrc, List<Integer> sequenceNumbers) implements RtcpPacket {
    public GenericNack {
        sequenceNumbers = List.copyOf(sequenceNumbers);
        if (sequenceNumbers.isEmpty()) {
            throw new IllegalArgumentException("a NACK names at least one sequence number");
        }
    }
}
