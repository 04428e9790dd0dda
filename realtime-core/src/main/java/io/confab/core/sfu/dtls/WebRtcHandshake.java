package io.confab.core.sfu.dtls;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What one handshake holds whichever role we play: the crypto it runs on, our parameters (certificate,
 * profiles, timeout), its diagnosis, the check of the peer's certificate against the SDP fingerprint,
 * and the SRTP agreement it reaches; and the policy both roles answer Bouncy Castle's hooks with (DTLS
 * 1.2 only, the suites, the timeout, the key export on completion). {@link WebRtcDtlsClient} and
 * {@link WebRtcDtlsServer} extend BC's two different base classes, so they share this by holding it and
 * keep only the one-line overrides that reach it. One per handshake, made on the handshake thread.
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

    /** DTLS 1.2 only: what WebRTC's DTLS-SRTP runs on (RFC 8827 §6.5) and every browser speaks. */
    ProtocolVersion[] versions() {
        return ProtocolVersion.DTLSv12.only();
    }

    /** {@link WebRtcCipherSuites#ECDHE_ECDSA}, those of them the crypto provider implements. */
    int[] cipherSuites() {
        return TlsUtils.getSupportedCipherSuites(crypto, WebRtcCipherSuites.ECDHE_ECDSA);
    }

    int timeoutMillis() {
        return parameters.handshakeTimeoutMillis();
    }

    /** The handshake is done: export the SRTP keying material (RFC 5764 §4.2) from its context. */
    void completed(TlsContext context) throws IOException {
        agreement.export(context);
    }

    /** SRTP protection profile ids as a diagnosis names them, e.g. [0x0007, 0x0001]. */
    static String hexIds(int[] ids) {
        return Arrays.stream(ids == null ? new int[0] : ids)
                .mapToObj(id -> String.format("0x%04X", id)).toList().toString();
    }

    /** Our certificate and key, to sign with in this handshake's context. */
    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        return parameters.certificate().signer(context, crypto);
    }
}
