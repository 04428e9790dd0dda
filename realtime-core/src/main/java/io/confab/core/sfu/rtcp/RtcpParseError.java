package io.confab.core.sfu.rtcp;

import java.util.Objects;

/**
 * A compound RTCP packet that is not well formed, and why; the receive path counts and drops it.
 *
 * @param inTransportFeedback whether the fault was inside a transport-cc feedback packet, which the
 *                            SFU counts on its own (it feeds the bandwidth estimator)
 */
public record RtcpParseError(Reason reason, String detail, boolean inTransportFeedback) implements RtcpParseResult {
    public RtcpParseError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public RtcpParseError(Reason reason, String detail) {
        this(reason, detail, false);
    }

    public enum Reason {
        /** Fewer than 4 bytes where a packet header should start, or no bytes in range. */
        TOO_SHORT,
        /** A packet whose version field is not 2 (RFC 3550 §6.4.1). */
        BAD_VERSION,
        /** A length field that runs past the compound, or a body too short for its type. */
        BAD_LENGTH,
        /** A padding count of zero or more than the packet's body (RFC 3550 §6.4.1). */
        BAD_PADDING,
        /** A well-framed packet whose contents contradict themselves (item or FCI overrun, bad status). */
        MALFORMED_PACKET
    }
}
