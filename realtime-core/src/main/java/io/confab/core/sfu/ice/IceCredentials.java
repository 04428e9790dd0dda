package io.confab.core.sfu.ice;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * One side's ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4): the ufrag names a
 * transport in every connectivity check, the password keys the checks' MESSAGE-INTEGRITY.
 */
public record IceCredentials(String ufrag, String password) {

    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (ufrag.length() < 4 || password.length() < 22) {
            throw new IllegalArgumentException("ICE ufrag needs 4+ and password 22+ characters (RFC 8839 §5.4)");
        }
    }

    /**
     * Fresh random credentials. The ufrag is longer than the minimum because the SFU finds a transport
     * by it among every participant on the shared port, so it must not collide; the password carries
     * 144 bits, above the 128 the RFC asks for.
     */
    public static IceCredentials random() {
        return new IceCredentials(randomText(12), randomText(24));
    }

    private static String randomText(int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(text);
    }
}
