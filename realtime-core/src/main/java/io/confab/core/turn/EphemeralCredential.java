package io.confab.core.turn;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN REST credentials (draft-uberti-behave-turn-rest-00 §2.2, as coturn's use-auth-secret):
 * username "expiry:userId" with expiry in Unix seconds, password base64(HMAC-SHA1(secret, username)).
 * The meeting service issues them; the TURN server recomputes the password, so nothing is stored.
 */
public record EphemeralCredential(String username, String password) {

    public static EphemeralCredential issue(String sharedSecret, String userId, Instant expiry) {
        String username = expiry.getEpochSecond() + ":" + userId;
        return new EphemeralCredential(username, passwordFor(sharedSecret, username));
    }

    public static String passwordFor(String sharedSecret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException missingFromJdk) {
            throw new IllegalStateException(missingFromJdk);
        }
    }

    /**
     * The user a REST username was issued to: what follows the expiry and its colon ("ephemeral:"
     * prefixed, so that it never equals a static user's name), or the whole name without a colon.
     */
    public static String userOf(String username) {
        int colon = username.indexOf(':');
        return "ephemeral:" + (colon < 0 ? username : username.substring(colon + 1));
    }

    /** The expiry in a REST username; empty when it does not start with Unix seconds and a colon. */
    public static Optional<Instant> expiryOf(String username) {
        int colon = username.indexOf(':');
        String seconds = colon < 0 ? username : username.substring(0, colon);
        if (seconds.isEmpty() || seconds.length() > 12 || !seconds.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(seconds)));
    }
}
