package io.confab.core.sfu.dtls;

import java.util.Objects;

/** An {@code a=fingerprint} value we cannot use, and why; signaling rejects the offer with this. */
public record FingerprintParseError(Reason reason, String detail) implements FingerprintParseResult {

    public FingerprintParseError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public enum Reason {
        /** Null, empty or only whitespace. */
        EMPTY,
        /** No space between the hash function name and the hex (RFC 8122 §5: hash-func SP fingerprint). */
        MISSING_SEPARATOR,
        /** A hash function we do not compute (md5, md2, or a name not in the registry). */
        UNSUPPORTED_ALGORITHM,
        /** Not pairs of hex digits joined by single colons. */
        MALFORMED_HEX,
        /** Well-formed hex, but not as many bytes as the hash function produces. */
        WRONG_LENGTH
    }
}
