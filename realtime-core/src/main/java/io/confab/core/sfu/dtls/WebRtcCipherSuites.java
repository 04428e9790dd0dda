package io.confab.core.sfu.dtls;

import org.bouncycastle.tls.CipherSuite;

/**
 * The suites both roles negotiate: ephemeral ECDH for forward secrecy, ECDSA because our
 * certificates are P-256, AES-GCM records. These are what every browser offers first.
 * ChaCha20-Poly1305 is left out on purpose: its 16-byte minimum record would make
 * {@link RecordScreen}'s length floor depend on the suite negotiated.
 */
final class WebRtcCipherSuites {
    static final int[] ECDHE_ECDSA = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    };

    private WebRtcCipherSuites() {
    }
}
