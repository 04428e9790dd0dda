package io.confab.core.sfu.dtls;

import java.util.Objects;

/**
 * Why a DTLS-SRTP handshake did not complete; {@link DtlsSession#handshake()} completes
 * exceptionally with this. The reason is for counting and for deciding whether to tell the user
 * (a fingerprint mismatch is an attack or a signaling bug; a timeout is usually the network).
 */
public final class DtlsHandshakeException extends Exception {
    private final Reason reason;

    public DtlsHandshakeException(Reason reason, String detail, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public enum Reason {
        /** The peer's certificate does not hash to the SDP a=fingerprint (RFC 8122 §6.2). */
        FINGERPRINT_MISMATCH,
        /** The peer sent no certificate; WebRTC requires one from both sides (RFC 8827 §6.5). */
        NO_PEER_CERTIFICATE,
        /** use_srtp missing, or no profile both sides accept (RFC 5764 §4.1.3). */
        NO_COMMON_SRTP_PROFILE,
        /** The handshake did not complete within the configured timeout. */
        TIMEOUT,
        /** The peer sent a fatal alert, or close_notify, before the handshake completed. */
        PEER_ALERT,
        /** The peer broke the protocol and we aborted with a fatal alert. */
        PROTOCOL_ERROR,
        /** {@link DtlsSession#close()} was called before the handshake completed. */
        CLOSED,
        /** A failure on our side (crypto, executor) that the peer did not cause. */
        INTERNAL_ERROR
    }
}
