package io.confab.core.sfu.sdp;

import java.util.Optional;

/** The {@code a=setup} value (RFC 4145 §4, RFC 5763 §5): who opens the DTLS association. */
public enum SetupRole {
    /** This side sends the DTLS ClientHello. */
    ACTIVE("active"),
    /** This side waits for the ClientHello: the DTLS server. */
    PASSIVE("passive"),
    /** An offer that lets the answerer choose; JSEP offers always say this (RFC 8829 §5.2.1). */
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    private final String token;

    SetupRole(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static Optional<SetupRole> fromToken(String token) {
        for (SetupRole role : values()) {
            if (role.token.equals(token)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
