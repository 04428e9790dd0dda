package io.confab.core.stun;

import java.util.Objects;

/** Bytes that are not a well-formed STUN message, and why; the transport counts and drops them. */
public record StunParseError(Reason reason, String detail) implements StunParseResult {

    public StunParseError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public enum Reason {
        /** Fewer than the 20 header bytes (RFC 8489 §5). */
        TOO_SHORT,
        /** The two most significant bits are not 00: RTP, DTLS or ChannelData (RFC 8489 §5). */
        NOT_STUN,
        /** Not 0x2112A442; also what tells RFC 3489 clients apart, which we do not serve. */
        BAD_MAGIC_COOKIE,
        /** Message Length not a multiple of 4, or more than the bytes present. */
        BAD_LENGTH,
        /** An attribute header or value runs past the end of the message. */
        TRUNCATED_ATTRIBUTE,
        /** A known attribute whose value has a length or family the RFC does not allow. */
        BAD_ATTRIBUTE_VALUE,
        /** Anything after FINGERPRINT, which must be last (RFC 8489 §14.7). */
        FINGERPRINT_NOT_LAST,
        /** A method Confab does not implement; there is nobody to answer it. */
        UNKNOWN_METHOD
    }
}
