package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.junit.jupiter.api.Test;

class HandshakeDiagnosisTest {
    private final HandshakeDiagnosis diagnosis = new HandshakeDiagnosis();

    @Test
    void ourOwnReasonOutranksWhatBcThrew() {
        diagnosis.failedLocally(Reason.FINGERPRINT_MISMATCH, "first");
        diagnosis.failedLocally(Reason.NO_COMMON_SRTP_PROFILE, "second");
        DtlsHandshakeException explained = diagnosis.explain(new TlsFatalAlert(AlertDescription.bad_certificate), false);
        assertEquals(Reason.FINGERPRINT_MISMATCH, explained.reason());
        assertTrue(explained.getMessage().contains("first"), explained.getMessage());
    }

    @Test
    void namesTimeoutsClosesAlertsAndTheRest() {
        assertEquals(Reason.TIMEOUT, diagnosis.explain(new TlsTimeoutException("Handshake timed out"), false).reason());
        assertEquals(Reason.CLOSED, diagnosis.explain(new IOException("closed"), true).reason());
        assertEquals(Reason.PEER_ALERT,
                diagnosis.explain(new TlsFatalAlertReceived(AlertDescription.handshake_failure), false).reason());
        assertEquals(Reason.PROTOCOL_ERROR,
                diagnosis.explain(new TlsFatalAlert(AlertDescription.decode_error), false).reason());
        assertEquals(Reason.INTERNAL_ERROR,
                diagnosis.explain(new TlsFatalAlert(AlertDescription.internal_error), false).reason());
        assertEquals(Reason.INTERNAL_ERROR, diagnosis.explain(new IllegalStateException("bug"), false).reason());
    }

    @Test
    void remembersTheAlertThePeerSent() {
        diagnosis.alertReceived(AlertLevel.warning, AlertDescription.close_notify);
        assertTrue(diagnosis.peerSentCloseNotify());
        assertFalse(diagnosis.peerSentFatalAlert());
        diagnosis.alertReceived(AlertLevel.fatal, AlertDescription.bad_certificate);
        diagnosis.alertReceived(AlertLevel.warning, AlertDescription.close_notify);
        assertTrue(diagnosis.peerSentFatalAlert(), "a fatal alert is not overwritten by what follows it");
        DtlsHandshakeException explained = diagnosis.explain(new TlsFatalAlert(AlertDescription.bad_certificate), false);
        assertEquals(Reason.PEER_ALERT, explained.reason());
        assertTrue(explained.getMessage().contains("bad_certificate"), explained.getMessage());
    }
}
