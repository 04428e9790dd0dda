package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    @Test
    void isASelfSignedP256CertificateValidFromYesterdayForThirtyDays() throws Exception {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        DtlsCertificate certificate = DtlsCertificate.generate("confab-sfu", now, new SecureRandom());
        X509CertificateHolder holder = new X509CertificateHolder(certificate.der());

        assertEquals(holder.getIssuer(), holder.getSubject(), "self-signed: issuer is subject");
        assertEquals("confab-sfu", X500Name.getInstance(holder.getSubject()).getRDNs(BCStyle.CN)[0].getFirst().getValue().toString());
        assertEquals(X9ObjectIdentifiers.id_ecPublicKey, holder.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm());
        assertEquals(SECObjectIdentifiers.secp256r1, holder.getSubjectPublicKeyInfo().getAlgorithm().getParameters());
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256, holder.getSignatureAlgorithm().getAlgorithm());
        assertTrue(holder.isSignatureValid(new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                .build(holder)), "signed by its own key");
        assertEquals(now.minus(Duration.ofDays(1)), holder.getNotBefore().toInstant());
        assertEquals(now.plus(Duration.ofDays(30)), holder.getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS));
        assertEquals(holder.getNotBefore().toInstant(), certificate.notBefore());
        assertTrue(holder.getSerialNumber().signum() > 0, "serial numbers are positive (RFC 5280 §4.1.2.2)");
    }

    @Test
    void fingerprintIsTheSha256OfTheDer() {
        DtlsCertificate certificate = DtlsCertificate.generate("confab-sfu");
        assertEquals(Fingerprint.SHA_256, certificate.fingerprint().algorithm());
        assertEquals(Fingerprint.sha256(certificate.der()), certificate.fingerprint());
        assertTrue(certificate.fingerprint().matches(certificate.der()));
    }

    @Test
    void eachCertificateHasItsOwnKeyAndSerial() throws Exception {
        DtlsCertificate first = DtlsCertificate.generate("a");
        DtlsCertificate second = DtlsCertificate.generate("a");
        assertNotEquals(first.fingerprint(), second.fingerprint());
        assertNotEquals(new X509CertificateHolder(first.der()).getSerialNumber(), new X509CertificateHolder(second.der()).getSerialNumber());
        assertNotEquals(new X509CertificateHolder(first.der()).getSubjectPublicKeyInfo(),
                new X509CertificateHolder(second.der()).getSubjectPublicKeyInfo());
    }

    @Test
    void aCommonNameWithSeparatorsStaysOneAttribute() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate("bot,O=Evil");
        X500Name subject = new X509CertificateHolder(certificate.der()).getSubject();
        assertEquals(1, subject.getRDNs().length);
        assertEquals("bot,O=Evil", subject.getRDNs(BCStyle.CN)[0].getFirst().getValue().toString());
    }

    @Test
    void refusesABlankCommonName() {
        assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.generate(" "));
        assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.generate(null));
    }
}
