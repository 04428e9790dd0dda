package io.confab.core.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * TLS for the web client and signaling: the configured certificate, or when none is configured a
 * self-signed one generated with Bouncy Castle on first start and kept in the data directory, so
 * a browser that accepted it once keeps accepting it.
 */
public final class SelfSignedCertificate {

    private SelfSignedCertificate() {
    }

    public static SslContext serverContext(Path cert, Path key, Path dataDir, String host) throws IOException {
        if (cert == null) {
            Path dir = dataDir.resolve("tls");
            cert = dir.resolve("self-signed.crt");
            key = dir.resolve("self-signed.key");
            if (!Files.exists(cert) || !Files.exists(key)) {
                generate(host, cert, key);
            }
        }
        return SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
    }

    private static void generate(String host, Path certFile, Path keyFile) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + host + ",O=Confab self-signed");
            Instant now = Instant.now();
            GeneralName altName = isAddress(host) ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altName));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            Files.createDirectories(certFile.getParent());
            Files.writeString(certFile, pem(holder));
            // The private key is readable by its owner only.
            Files.deleteIfExists(keyFile);
            Files.createFile(keyFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, pkcs8(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** Netty reads PKCS#8 keys ("BEGIN PRIVATE KEY"); the JCA encoding of a private key is PKCS#8 DER. */
    private static String pkcs8(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static boolean isAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

}
