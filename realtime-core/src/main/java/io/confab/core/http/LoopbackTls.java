package io.confab.core.http;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS clients of our own servers on loopback, which present the {@link SelfSignedCertificate}
 * they generated at start: the launcher's health checks and the tests.
 */
public final class LoopbackTls {

    private LoopbackTls() {
    }

    /**
     * A client context that accepts any certificate. Its callers reach a server they started
     * themselves, whose certificate nobody else could have signed, and send nothing secret; it is
     * not for talking to anything else.
     */
    public static SSLContext trustingAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no TLS", e);
        }
    }
}
