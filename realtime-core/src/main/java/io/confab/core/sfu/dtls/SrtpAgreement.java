package io.confab.core.sfu.dtls;

import io.confab.core.sfu.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Optional;
import org.bouncycastle.tls.TlsContext;

/**
 * What one handshake agreed for SRTP, the same in both roles: the protection profile the hellos
 * settled on, and the keying material exported for it once the handshake completed (RFC 5764
 * §4.2). Written on the handshake thread, read by the session afterwards.
 */
final class SrtpAgreement {

    private volatile SrtpProfile profile;
    private volatile byte[] keyingMaterial;

    void select(SrtpProfile chosen) {
        this.profile = chosen;
    }

    SrtpProfile selected() {
        return profile;
    }

    /** Exports the keys; BC 1.82 allows the RFC 5705 exporter only from inside notifyHandshakeComplete. */
    void export(TlsContext context) throws IOException {
        if (profile != null) {
            keyingMaterial = context.exportKeyingMaterial(DtlsSrtpPeer.SRTP_EXPORTER_LABEL, null, profile.exporterLength());
        }
    }

    Optional<SrtpProfile> profile() {
        return Optional.ofNullable(profile);
    }

    Optional<byte[]> keyingMaterial() {
        return Optional.ofNullable(keyingMaterial);
    }
}
