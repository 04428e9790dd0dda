package io.confab.core.accounts;

import java.util.Objects;

/**
 * The outcome of checking a bearer token. Bad tokens arrive from the network all the time, so they
 * are a value, not an exception; the reason becomes the HTTP 401 or error-frame message and an
 * {@code audit.log} entry.
 */
public sealed interface TokenVerification permits TokenVerification.Valid, TokenVerification.Invalid {

    record Valid(AccessToken token) implements TokenVerification {
        public Valid {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * @param detail what exactly was wrong, for logs and audit; not for the client, which gets
     *     {@link Reason#message()}
     */
    record Invalid(Reason reason, String detail) implements TokenVerification {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    enum Reason {
        /** Not three Base64url parts, or the signed content is not the claims this service writes. */
        MALFORMED("token is malformed"),
        /** Well-formed but not signed with this service's key: forged, altered, or from elsewhere. */
        BAD_SIGNATURE("token signature is invalid"),
        /** Genuine, but past its expiry time. */
        EXPIRED("token has expired");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }
}
