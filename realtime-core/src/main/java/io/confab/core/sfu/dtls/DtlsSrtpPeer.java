package io.confab.core.sfu.dtls;

import io.confab.core.sfu.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Optional;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/** Our side of the handshake in one role: runs it to completion and reports what was agreed. */
interface DtlsSrtpPeer {
    /** The RFC 5705 exporter label for SRTP keys (RFC 5764 §4.2). */
    String SRTP_EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    /** Blocks until the handshake completes or fails. */
    DTLSTransport handshake(DatagramTransport transport) throws IOException;

    /** What this handshake holds in either role; what was agreed is read from it. */
    WebRtcHandshake shared();

    /** Empty until the hellos have agreed on a profile. */
    default Optional<SrtpProfile> negotiatedProfile() {
        return shared().agreement().profile();
    }

    /**
     * The SRTP keying material (RFC 5764 §4.2), exported when BC reports the handshake complete:
     * BC 1.82 allows the RFC 5705 exporter only from inside notifyHandshakeComplete. Empty before.
     */
    default Optional<byte[]> srtpKeyingMaterial() {
        return shared().agreement().keyingMaterial();
    }

    /** Whether the peer's certificate was checked against the SDP fingerprint and passed. */
    default boolean peerCertificateVerified() {
        return shared().peerCheck().passed();
    }
}
