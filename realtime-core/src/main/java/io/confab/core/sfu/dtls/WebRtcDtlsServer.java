package io.confab.core.sfu.dtls;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import io.confab.core.sfu.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The DTLS server side of a WebRTC transport (a=setup:passive): DTLS 1.2 only, ECDHE-ECDSA
 * suites, a CertificateRequest on every handshake because WebRTC requires the client's
 * certificate (RFC 8827 §6.5), and use_srtp answered with the first of our profiles the client
 * offered (RFC 5764 §4.1.1). One instance per handshake, used on the handshake thread.
 */
final class WebRtcDtlsServer extends DefaultTlsServer implements DtlsSrtpPeer {
    private final WebRtcHandshake shared;

    WebRtcDtlsServer(WebRtcHandshake shared) {
        super(shared.crypto());
        this.shared = shared;
    }

    @Override
    public DTLSTransport handshake(DatagramTransport transport) throws IOException {
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // ICE connectivity checks already proved the peer receives at its address, which is all
        // a HelloVerifyRequest cookie would prove (RFC 6347 §4.2.1); skipping it saves a round trip.
        protocol.setVerifyRequests(false);
        return protocol.accept(this, transport);
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
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return shared.signer(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // rsa_sign too: our certificate is ECDSA, but a browser may still hold an RSA one.
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        shared.peerCheck().verify(clientCertificate);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            shared.diagnosis().failedLocally(Reason.NO_COMMON_SRTP_PROFILE, "client did not offer use_srtp");
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no use_srtp extension");
        }
        shared.agreement().select(SrtpProfile.firstShared(shared.parameters().srtpProfiles(), offered.getProtectionProfiles())
                .orElse(null));
        if (shared.agreement().selected() == null) {
            shared.diagnosis().failedLocally(Reason.NO_COMMON_SRTP_PROFILE, "client offered SRTP profiles "
                    + WebRtcHandshake.hexIds(offered.getProtectionProfiles()) + ", we accept " + shared.parameters().srtpProfiles());
            // RFC 5764 §4.1.3 lets the server answer without use_srtp; WebRTC cannot run without SRTP, so abort.
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // Empty MKI: we do not use SRTP master key identifiers (RFC 5764 §4.1.1).
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {shared.agreement().selected().id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        shared.diagnosis().alertReceived(alertLevel, alertDescription);
    }
}
