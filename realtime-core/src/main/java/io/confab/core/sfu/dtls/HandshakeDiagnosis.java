package io.confab.core.sfu.dtls;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * Collects the evidence of how a handshake or session ended, from the BC callbacks on the
 * handshake thread, and turns it into one reason. BC reports most failures as an IOException whose
 * type alone does not say whether we refused the peer's certificate or the peer refused ours, so
 * our own checks write down why before they throw, and received alerts are noted as they arrive.
 * The first local reason wins: later failures are consequences of it. Thread-safe.
 */
final class HandshakeDiagnosis {
    private static final short NO_ALERT = -1;

    private volatile Reason localReason;
    private volatile String localDetail;
    private volatile short peerAlertLevel = NO_ALERT;
    private volatile short peerAlert = NO_ALERT;

    /** Our own check failed; call just before throwing the TlsFatalAlert that tells the peer. */
    synchronized void failedLocally(Reason reason, String detail) {
        if (localReason == null) {
            localDetail = detail;
            localReason = reason;
        }
    }

    /** From TlsPeer.notifyAlertReceived; a fatal alert outranks a warning noted before it. */
    void alertReceived(short level, short description) {
        if (peerAlertLevel != AlertLevel.fatal) {
            peerAlert = description;
            peerAlertLevel = level;
        }
    }

    boolean peerSentCloseNotify() {
        return peerAlert == AlertDescription.close_notify;
    }

    boolean peerSentFatalAlert() {
        return peerAlertLevel == AlertLevel.fatal;
    }

    /** Why the handshake failed, given what BC threw and whether we had started closing. */
    DtlsHandshakeException explain(Throwable thrown, boolean closedLocally) {
        if (localReason != null) {
            return new DtlsHandshakeException(localReason, localDetail, thrown);
        }
        if (closedLocally) {
            return new DtlsHandshakeException(Reason.CLOSED, "session closed before the handshake completed", thrown);
        }
        if (thrown instanceof TlsTimeoutException) {
            return new DtlsHandshakeException(Reason.TIMEOUT, "no completed handshake within the timeout", thrown);
        }
        if (peerAlert != NO_ALERT) {
            return new DtlsHandshakeException(Reason.PEER_ALERT, "peer sent " + describePeerAlert(), thrown);
        }
        if (thrown instanceof TlsFatalAlertReceived received) {
            return new DtlsHandshakeException(Reason.PEER_ALERT,
                    "peer sent fatal alert " + AlertDescription.getText(received.getAlertDescription()), thrown);
        }
        if (thrown instanceof TlsFatalAlert raised && raised.getAlertDescription() != AlertDescription.internal_error) {
            return new DtlsHandshakeException(Reason.PROTOCOL_ERROR,
                    "we aborted with alert " + AlertDescription.getText(raised.getAlertDescription())
                            + (raised.getMessage() == null ? "" : ": " + raised.getMessage()), thrown);
        }
        return new DtlsHandshakeException(Reason.INTERNAL_ERROR, String.valueOf(thrown), thrown);
    }

    private String describePeerAlert() {
        String level = peerAlertLevel == AlertLevel.fatal ? "fatal alert " : "alert ";
        return level + AlertDescription.getText(peerAlert);
    }
}
