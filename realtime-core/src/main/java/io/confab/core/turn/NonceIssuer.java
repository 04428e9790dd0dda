package io.confab.core.turn;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces (RFC 8489 §9.2, §9.2.4): the nonce cookie, then the expiry in hex and a MAC
 * over the expiry and the client's IP address. The server remembers nothing per client, a nonce
 * cannot be moved to another address, and a forged or expired one is simply stale (438).
 */
final class NonceIssuer {
    enum Verdict { FRESH, STALE }

    /**
     * "obMatJos2" announces RFC 8489's security features; "gAAA" is base64 of the 24-bit feature set
     * with only bit 0, password algorithms, set (§9.2). Username anonymity (bit 1) stays off:
     * USERHASH cannot find an ephemeral user, and those are the usual clients.
     */
    static final String COOKIE = "obMatJos2gAAA";
    private static final int MAC_BYTES = 12;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;
    private final Duration lifetime;

    NonceIssuer(byte[] key, Duration lifetime) {
        this.key = key.clone();
        this.lifetime = lifetime;
    }

    String issue(InetAddress client, Instant now) {
        long expiry = now.plus(lifetime).getEpochSecond();
        return COOKIE + String.format("%016x", expiry) + HEX.formatHex(mac(expiry, client));
    }

    Verdict check(String presentedNonce, InetAddress client, Instant now) {
        if (!presentedNonce.startsWith(COOKIE)) {
            return Verdict.STALE;
        }
        String nonce = presentedNonce.substring(COOKIE.length());
        if (nonce.length() != 16 + 2 * MAC_BYTES || !nonce.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Verdict.STALE;
        }
        long expiry = Long.parseUnsignedLong(nonce.substring(0, 16), 16);
        byte[] presented = HEX.parseHex(nonce.substring(16));
        boolean genuine = MessageDigest.isEqual(mac(expiry, client), presented);
        return genuine && now.getEpochSecond() < expiry ? Verdict.FRESH : Verdict.STALE;
    }

    private byte[] mac(long expiry, InetAddress client) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(ByteBuffer.allocate(8).putLong(expiry).array());
            return Arrays.copyOf(mac.doFinal(client.getAddress()), MAC_BYTES);
        } catch (NoSuchAlgorithmException | InvalidKeyException missingFromJdk) {
            throw new IllegalStateException(missingFromJdk);
        }
    }
}
