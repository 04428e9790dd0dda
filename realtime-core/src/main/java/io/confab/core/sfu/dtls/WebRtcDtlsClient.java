package io.confab.core.sfu.dtls;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import io.confab.core.sfu.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Optional;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The DTLS client side of a WebRTC transport (a=setup:active): DTLS 1.2 only, ECDHE-ECDSA suites,
 * our profiles offered in preference order in use_srtp, the server's certificate checked against
 * the SDP fingerprint, and our certificate sent when asked. One instance per handshake.
 */
final class WebRtcDtlsClient extends DefaultTlsClient implements DtlsSrtpPeer {
    private final WebRtcHandshake shared;

    WebRtcDtlsClient(WebRtcHandshake shared) {
        super(shared.crypto());
        this.shared = shared;
    }

    @Override
    public DTLSTransport handshake(DatagramTransport transport) throws IOException {
        return new DTLSClientProtocol().connect(this, transport);
    }

    @Override
    public WebRtcHandshake shared() {
        return shared;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        shared.completed(context);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return shared.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return shared.cipherSuites();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return shared.timeoutMillis();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(shared.parameters().srtpProfileIds(), TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null) {
            shared.diagnosis().failedLocally(Reason.NO_COMMON_SRTP_PROFILE, "server answered without use_srtp");
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no use_srtp in ServerHello");
        }
        int[] ids = chosen.getProtectionProfiles();
        Optional<SrtpProfile> profile = ids != null && ids.length == 1
                ? SrtpProfile.firstShared(shared.parameters().srtpProfiles(), ids) : Optional.empty();
        // RFC 5764 §4.1.1: the server picks exactly one profile, from those we offered, and echoes our (empty) MKI.
        if (profile.isEmpty() || chosen.getMki().length != 0) {
            shared.diagnosis().failedLocally(Reason.PROTOCOL_ERROR, "server chose SRTP profiles "
                    + WebRtcHandshake.hexIds(ids) + " with a " + chosen.getMki().length + "-byte MKI; we offered "
                    + shared.parameters().srtpProfiles() + " with none");
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server's use_srtp is not an answer to ours");
        }
        shared.agreement().select(profile.get());
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                shared.peerCheck().verify(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) throws IOException {
                return shared.signer(context);
            }
        };
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        shared.diagnosis().alertReceived(alertLevel, alertDescription);
    }
}
