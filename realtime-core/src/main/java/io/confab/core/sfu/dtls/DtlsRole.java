package io.confab.core.sfu.dtls;

import java.util.Locale;
import java.util.Optional;

/** Which end of the DTLS handshake we are: the client sends ClientHello, the server answers it. */
public enum DtlsRole {
    CLIENT,
    SERVER;

    /**
     * The role the SDP {@code a=setup} value gives the side that wrote it (RFC 5763 §5, RFC 4145 §4):
     * "active" connects, so it is the DTLS client; "passive" is the server. "actpass" and "holdconn"
     * name no role yet: the answerer decides, so they give empty.
     */
    public static Optional<DtlsRole> ofSetup(String setup) {
        if (setup == null) {
            return Optional.empty();
        }
        return switch (setup.trim().toLowerCase(Locale.ROOT)) {
            case "active" -> Optional.of(CLIENT);
            case "passive" -> Optional.of(SERVER);
            default -> Optional.empty();
        };
    }

    public DtlsRole opposite() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
