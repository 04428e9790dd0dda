package io.confab.core.sfu.rtcp;

import java.util.List;

/**
 * A well-formed compound RTCP packet (RFC 3550 §6.1): the packets Confab reads, in order, and how
 * many it skipped as types or formats it does not use (APP, XR, unknown feedback).
 */
public record RtcpCompound(List<RtcpPacket> packets, int skipped) implements RtcpParseResult {
    public RtcpCompound {
        packets = List.copyOf(packets);
    }
}
