package io.confab.core.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * USERHASH (RFC 8489 §14.4): SHA-256 of username ":" realm, which lets a client authenticate
 * without sending its username in the clear. The server finds the user by recomputing it.
 */
public final class Userhash {
    private Userhash() {
    }

    public static byte[] of(String username, String realm) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((username + ":" + realm).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException missingFromJdk) {
            throw new IllegalStateException(missingFromJdk);
        }
    }
}
