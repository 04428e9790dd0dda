package io.confab.core.sfu.rtcp;

import java.util.List;

/**
 * REMB (draft-alvestrand-rmcat-remb-03 §2.2): the receiver's estimate of the total bitrate it can
 * take for these SSRCs. The wire form is an 18-bit mantissa and 6-bit exponent, so large values
 * round down when written.
 */
public record Remb(int senderSsrc, long bitrateBps, List<Integer> ssrcs) implements RtcpPacket {
    public Remb {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("bitrate " + bitrateBps);
        }
        if (ssrcs.size() > 255) {
            throw new IllegalArgumentException(ssrcs.size() + " SSRCs, the count field has 8 bits");
        }
        ssrcs = List.copyOf(ssrcs);
    }
}
