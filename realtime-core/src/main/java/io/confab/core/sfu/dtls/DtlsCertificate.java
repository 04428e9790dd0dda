package io.confab.core.sfu.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The self-signed ECDSA P-256 certificate and key this process shows in every DTLS handshake
 * (RFC 8827 §6.5: WebRTC certificates are self-signed and authenticated only by the SDP
 * fingerprint). Generate one at start and share it: its fingerprint goes into every SDP we send.
 * P-256 because every browser accepts it and it signs far faster than RSA.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class DtlsCertificate {
    /** Validity starts a day back so a peer whose clock runs slow does not see a future certificate. */
    static final Duration BACKDATE = Duration.ofDays(1);
    static final Duration LIFETIME = Duration.ofDays(30);

    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final Fingerprint fingerprint;
    private final Instant notBefore;
    private final Instant notAfter;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, Instant notBefore, Instant notAfter) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = Fingerprint.sha256(der);
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    /** A new key pair and certificate with a random serial, valid from a day ago for 30 days. */
    public static DtlsCertificate generate(String commonName) {
        return generate(commonName, Instant.now(), new SecureRandom());
    }

    /** @throws IllegalArgumentException when the common name is blank */
    public static DtlsCertificate generate(String commonName, Instant now, SecureRandom random) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a DTLS certificate needs a common name");
        }
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(random, "random");
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1)), random));
        AsymmetricCipherKeyPair keys = generator.generateKeyPair();
        // The builder escapes the name, so a CN with commas or '=' cannot add attributes.
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        // Positive and non-zero, as RFC 5280 §4.1.2.2 requires of serial numbers.
        BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
        Instant notBefore = now.minus(BACKDATE);
        Instant notAfter = now.plus(LIFETIME);
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial, Date.from(notBefore),
                    Date.from(notAfter), name, SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keys.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            byte[] der = builder.build(new BcECContentSignerBuilder(signature, digest).build(keys.getPrivate())).getEncoded();
            return new DtlsCertificate(der, keys.getPrivate(), notBefore, notAfter);
        } catch (IOException | OperatorCreationException inProcessCryptoFailed) {
            throw new IllegalStateException("cannot build a self-signed certificate", inProcessCryptoFailed);
        }
    }

    /** The SHA-256 fingerprint to put in our SDP's {@code a=fingerprint}. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The DER encoding of the X.509 certificate. */
    public byte[] der() {
        return der.clone();
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    /** What BC needs to sign ServerKeyExchange or CertificateVerify with this certificate's key. */
    TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto) throws IOException {
        TlsCertificate certificate = crypto.createCertificate(der);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey,
                new Certificate(new TlsCertificate[] {certificate}), ECDSA_SHA256);
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + fingerprint.toSdp() + "]";
    }
}
