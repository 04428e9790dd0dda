package io.confab.core.sfu.rtcp;

import java.util.List;
import java.util.Objects;

/** BYE (RFC 3550 §6.6): these sources are leaving; reason is "" when none was given. */
public record Goodbye(List<Integer> ssrcs, String reason) implements RtcpPacket {
    public Goodbye {
        if (ssrcs.size() > 31) {
            throw new IllegalArgumentException(ssrcs.size() + " SSRCs, at most 31 fit one packet");
        }
        ssrcs = List.copyOf(ssrcs);
        Objects.requireNonNull(reason, "reason");
    }
}
