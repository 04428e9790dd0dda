package io.confab.core.sfu.dtls;

import java.io.IOException;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What one handshake holds whichever role we play: the crypto it runs on, our parameters (certificate,
 * profiles, timeout), its diagnosis, the check of the peer's certificate against the SDP fingerprint,
 * and the SRTP agreement it reaches. {@link WebRtcDtlsClient} and {@link WebRtcDtlsServer} extend BC's
 * two different base classes, so they share this by holding it; for the same reason the BC hooks both
 * answer alike (DTLS 1.2 only, the suites, the timeout, the key export on completion) stay one-line
 * overrides in each. One per handshake, made on the handshake thread.
 */
final class WebRtcHandshake {
    private final BcTlsCrypto crypto;
    private final DtlsParameters parameters;
    private final HandshakeDiagnosis diagnosis;
    private final PeerCertificateCheck peerCheck;
    private final SrtpAgreement agreement = new SrtpAgreement();

    WebRtcHandshake(BcTlsCrypto crypto, DtlsParameters parameters, HandshakeDiagnosis diagnosis) {
        this.crypto = crypto;
        this.parameters = parameters;
        this.diagnosis = diagnosis;
        this.peerCheck = new PeerCertificateCheck(parameters.remoteFingerprint(), diagnosis);
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    DtlsParameters parameters() {
        return parameters;
    }

    HandshakeDiagnosis diagnosis() {
        return diagnosis;
    }

    PeerCertificateCheck peerCheck() {
        return peerCheck;
    }

    SrtpAgreement agreement() {
        return agreement;
    }

    /** Our certificate and key, to sign with in this handshake's context. */
    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        return parameters.certificate().signer(context, crypto);
    }
}
