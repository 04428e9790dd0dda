package io.confab.core.sfu.sdp;

import java.util.Objects;

/**
 * Text that is not a usable SDP, the 1-based line where that became clear, and why. Signaling
 * counts it and answers the peer with the detail; the line number is 0 when no one line is at
 * fault (empty text, no o= line).
 */
public record SdpParseError(int line, Reason reason, String detail) implements SdpParseResult {

    public SdpParseError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public enum Reason {
        /** No lines at all. */
        EMPTY,
        /** The first line is not {@code v=} (RFC 8866 §5: the description starts with it). */
        MISSING_VERSION,
        /** A {@code v=} other than 0, the only version there is (RFC 8866 §5.1). */
        BAD_VERSION,
        /** A line that is not {@code <letter>=<text>} (RFC 8866 §5). */
        MALFORMED_LINE,
        /** No {@code o=} line, or one without its six fields and numeric session id and version. */
        BAD_ORIGIN,
        /** An {@code m=} line without media, port, protocol (RFC 8866 §5.14). */
        BAD_MEDIA_LINE,
        /** An {@code m=} port that is not 0-65535 (optionally {@code /count}). */
        BAD_PORT,
        /** A {@code b=AS} or {@code b=TIAS} whose value is not a number (RFC 8866 §5.8, RFC 3890). */
        BAD_BANDWIDTH,
        /** An attribute the SFU reads whose value does not follow its grammar. */
        BAD_ATTRIBUTE,
        /** An rtpmap, fmtp or rtcp-fb for a payload type the m-line does not list (RFC 8866 §6.6). */
        PAYLOAD_TYPE_NOT_IN_MEDIA_LINE,
        /** Two m-sections with the same mid, which makes BUNDLE ambiguous (RFC 5888 §4). */
        DUPLICATE_MID
    }
}
