package io.confab.core.sfu.sdp;

import io.confab.core.sfu.dtls.Fingerprint;
import java.util.Objects;
import java.util.Optional;

/**
 * The ICE credentials (RFC 8839 §5.4) and DTLS parameters (RFC 8122 §5, RFC 4145 §4) an SDP gives
 * for one level. Session-level values apply to every m-section that lacks its own, so the parser
 * stores each m-section's effective values, already merged.
 */
public record TransportParameters(Optional<String> iceUfrag, Optional<String> icePwd,
                                  Optional<Fingerprint> fingerprint, Optional<SetupRole> setup) {
    public static final TransportParameters NONE =
            new TransportParameters(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public TransportParameters {
        Objects.requireNonNull(iceUfrag, "iceUfrag");
        Objects.requireNonNull(icePwd, "icePwd");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(setup, "setup");
    }

    /** Each value from this level, or from {@code outer} where this level has none. */
    public TransportParameters orElse(TransportParameters outer) {
        return new TransportParameters(iceUfrag.or(outer::iceUfrag), icePwd.or(outer::icePwd),
                fingerprint.or(outer::fingerprint), setup.or(outer::setup));
    }

    TransportParameters withIceUfrag(String value) {
        return new TransportParameters(Optional.of(value), icePwd, fingerprint, setup);
    }

    TransportParameters withIcePwd(String value) {
        return new TransportParameters(iceUfrag, Optional.of(value), fingerprint, setup);
    }

    /** RFC 8122 §5 allows several fingerprints; the first usable one is kept, as browsers send one per certificate. */
    TransportParameters withFingerprint(Fingerprint value) {
        return fingerprint.isPresent() ? this : new TransportParameters(iceUfrag, icePwd, Optional.of(value), setup);
    }

    TransportParameters withSetup(SetupRole value) {
        return new TransportParameters(iceUfrag, icePwd, fingerprint, Optional.of(value));
    }
}
