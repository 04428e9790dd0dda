package io.confab.core.sfu.dtls;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * The WebRTC authentication rule (RFC 8122 §6.2, RFC 8827 §6.5): the peer must present a
 * certificate, and its end-entity certificate must hash to the fingerprint signaling gave us. No
 * chain or CA check: WebRTC certificates are self-signed by design. Remembers whether it ran, so
 * the session can refuse a handshake in which BC never asked (a code path we did not foresee).
 */
final class PeerCertificateCheck {
    private final Fingerprint expected;
    private final HandshakeDiagnosis diagnosis;
    private volatile boolean passed;

    PeerCertificateCheck(Fingerprint expected, HandshakeDiagnosis diagnosis) {
        this.expected = expected;
        this.diagnosis = diagnosis;
    }

    /** @throws TlsFatalAlert when the certificate is missing or not the one SDP announced */
    void verify(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            diagnosis.failedLocally(Reason.NO_PEER_CERTIFICATE, "peer sent no certificate");
            // RFC 5246 §7.4.6: a server that requires a client certificate answers its absence with handshake_failure.
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        if (!expected.matches(der)) {
            Fingerprint actual = Fingerprint.of(expected.algorithm(), der);
            diagnosis.failedLocally(Reason.FINGERPRINT_MISMATCH,
                    "peer certificate is " + actual.toSdp() + ", SDP said " + expected.toSdp());
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate does not match a=fingerprint");
        }
        passed = true;
    }

    boolean passed() {
        return passed;
    }
}
