package io.confab.core.sfu.dtls;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Optional;
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
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS server side of a WebRTC transport (a=setup:passive): DTLS 1.2 only, ECDHE-ECDSA
 * suites, a CertificateRequest on every handshake because WebRTC requires the client's
 * certificate (RFC 8827 §6.5), and use_srtp answered with the first of our profiles the client
 * offered (RFC 5764 §4.1.1). One instance per handshake, used on the handshake thread.
 */
final class WebRtcDtlsServer extends DefaultTlsServer implements DtlsSrtpPeer {
    private final BcTlsCrypto crypto;
    private final DtlsParameters parameters;
    private final HandshakeDiagnosis diagnosis;
    private final PeerCertificateCheck peerCheck;
    private final SrtpAgreement agreement = new SrtpAgreement();

    WebRtcDtlsServer(BcTlsCrypto crypto, DtlsParameters parameters, HandshakeDiagnosis diagnosis) {
        super(crypto);
        this.crypto = crypto;
        this.parameters = parameters;
        this.diagnosis = diagnosis;
        this.peerCheck = new PeerCertificateCheck(parameters.remoteFingerprint(), diagnosis);
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
    public Optional<SrtpProtectionProfile> negotiatedProfile() {
        return agreement.profile();
    }

    @Override
    public Optional<byte[]> srtpKeyingMaterial() {
        return agreement.keyingMaterial();
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        agreement.export(context);
    }

    @Override
    public boolean peerCertificateVerified() {
        return peerCheck.passed();
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), WebRtcCipherSuites.ECDHE_ECDSA);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return parameters.handshakeTimeoutMillis();
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return parameters.certificate().signer(context, crypto);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // rsa_sign too: our certificate is ECDSA, but a browser may still hold an RSA one.
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        peerCheck.verify(clientCertificate);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            diagnosis.failedLocally(Reason.NO_COMMON_SRTP_PROFILE, "client did not offer use_srtp");
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no use_srtp extension");
        }
        agreement.select(SrtpProtectionProfile.firstShared(parameters.srtpProfiles(), offered.getProtectionProfiles())
                .orElse(null));
        if (agreement.selected() == null) {
            diagnosis.failedLocally(Reason.NO_COMMON_SRTP_PROFILE, "client offered SRTP profiles "
                    + hexIds(offered.getProtectionProfiles()) + ", we accept " + parameters.srtpProfiles());
            // RFC 5764 §4.1.3 lets the server answer without use_srtp; WebRTC cannot run without SRTP, so abort.
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // Empty MKI: we do not use SRTP master key identifiers (RFC 5764 §4.1.1).
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {agreement.selected().id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        diagnosis.alertReceived(alertLevel, alertDescription);
    }

    static String hexIds(int[] ids) {
        return Arrays.stream(ids == null ? new int[0] : ids)
                .mapToObj(id -> String.format("0x%04X", id)).toList().toString();
    }
}
