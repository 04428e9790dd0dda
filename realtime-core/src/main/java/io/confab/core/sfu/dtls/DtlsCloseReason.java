package io.confab.core.sfu.dtls;

/** How a {@link DtlsSession} ended; {@link DtlsSession#closed()} completes with one of these. */
public enum DtlsCloseReason {
    /** We called {@link DtlsSession#close()}. */
    LOCAL_CLOSE,
    /** The peer sent close_notify after the handshake (RFC 5246 §7.2.1): it hung up cleanly. */
    PEER_CLOSE_NOTIFY,
    /** The peer sent a fatal alert after the handshake. */
    PEER_ALERT,
    /** The handshake failed; {@link DtlsSession#handshake()} says why. */
    HANDSHAKE_FAILED,
    /** The DTLS layer failed after the handshake for a reason the peer did not announce. */
    TRANSPORT_FAILED
}
