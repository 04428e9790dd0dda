package io.confab.core.sfu.sdp;

import io.confab.core.sfu.dtls.Fingerprint;
import java.util.Objects;
import java.util.Set;

/**
 * The browser's side of a connection's transport as its SDP gave it: ICE credentials for checking
 * its STUN requests (RFC 8445 §7.2.2), the fingerprint its DTLS certificate must match (RFC 5763
 * §5), and its {@code a=setup} as written ({@code actpass} in offers, {@code active} in answers).
 * Either way the SFU is the DTLS server.
 */
public record RemoteTransport(String iceUfrag, String icePwd, Fingerprint fingerprint, SetupRole setup) {

    public RemoteTransport {
        Objects.requireNonNull(iceUfrag, "iceUfrag");
        Objects.requireNonNull(icePwd, "icePwd");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(setup, "setup");
    }

    /**
     * Why the m-section that carries the bundle has no usable transport, or null when it has one.
     * {@code acceptable} lists the {@code a=setup} roles that leave the SFU as DTLS server; a
     * missing setup counts as active, RFC 4145 §4's default.
     */
    static NegotiationError problemWith(MediaDescription section, Set<SetupRole> acceptable) {
        TransportParameters transport = section.transport();
        String mid = section.mid().orElse("");
        if (transport.iceUfrag().isEmpty() || transport.icePwd().isEmpty()) {
            return NegotiationError.of(NegotiationError.Problem.MISSING_ICE_CREDENTIALS, mid,
                    "no a=ice-ufrag/a=ice-pwd at session or media level");
        }
        if (transport.fingerprint().isEmpty()) {
            return NegotiationError.of(NegotiationError.Problem.MISSING_FINGERPRINT, mid,
                    "no a=fingerprint with a hash function the SFU computes at session or media level; DTLS-SRTP"
                            + " needs it (RFC 5763 §5)");
        }
        SetupRole setup = setupOf(transport);
        if (!acceptable.contains(setup)) {
            return NegotiationError.of(NegotiationError.Problem.BAD_SETUP_ROLE, mid,
                    "a=setup:" + setup.token() + " would not leave the SFU as DTLS server");
        }
        return null;
    }

    /** The transport of a section {@link #problemWith} found nothing wrong with. */
    static RemoteTransport of(MediaDescription section) {
        TransportParameters transport = section.transport();
        return new RemoteTransport(transport.iceUfrag().orElseThrow(), transport.icePwd().orElseThrow(),
                transport.fingerprint().orElseThrow(), setupOf(transport));
    }

    private static SetupRole setupOf(TransportParameters transport) {
        return transport.setup().orElse(SetupRole.ACTIVE);
    }
}
