package io.confab.core.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The HMAC key for MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9.1.1, §9.2.2).
 * Short-term (ICE): the prepared password itself. Long-term: a digest of
 * username ":" realm ":" password, MD5 by default or SHA-256 when PASSWORD-ALGORITHM says so.
 */
public final class IntegrityKey {
    private final byte[] key;

    private IntegrityKey(byte[] key) {
        this.key = key;
    }

    public static IntegrityKey ofBytes(byte[] key) {
        return new IntegrityKey(key.clone());
    }

    /** @throws IllegalArgumentException when the password is empty or has control characters */
    public static IntegrityKey shortTerm(String password) {
        return new IntegrityKey(prepared(password, "password").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The username goes in as received (RFC 8489 §14.3 has the client send it already prepared);
     * realm and password are prepared with OpaqueString.
     *
     * @throws IllegalArgumentException when realm or password cannot be prepared
     */
    public static IntegrityKey longTerm(String username, String realm, String password, PasswordAlgorithm algorithm) {
        String input = username + ":" + prepared(realm, "realm") + ":" + prepared(password, "password");
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm.digestName());
            return new IntegrityKey(digest.digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException missingFromJdk) {
            throw new IllegalStateException(missingFromJdk);
        }
    }

    public static IntegrityKey longTerm(String username, String realm, String password) {
        return longTerm(username, realm, password, PasswordAlgorithm.MD5);
    }

    byte[] bytes() {
        return key;
    }

    private static String prepared(String text, String what) {
        return OpaqueString.prepare(text)
                .orElseThrow(() -> new IllegalArgumentException(what + " is empty or has control characters"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IntegrityKey k && MessageDigest.isEqual(k.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "IntegrityKey[" + key.length + " bytes]";
    }
}
