package io.confab.dataapi.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds tokens exactly as realtime-core's {@code TokenIssuer} does (same header bytes, claim order
 * and encoding), so the verifier is tested against the issuer's format without depending on it.
 */
public final class Tokens {

    public static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    public static String user(String userId, String accountId, String role, Instant expiresAt) {
        return sign(KEY, "{\"sub\":\"" + userId + "\",\"acct\":\"" + accountId + "\",\"role\":\"" + role + "\",\"iat\":"
                + (expiresAt.getEpochSecond() - 3600) + ",\"exp\":" + expiresAt.getEpochSecond() + ",\"jti\":\"t-1\"}");
    }

    public static String guest(String participantId, String accountId, String meetingId, Instant expiresAt) {
        return sign(KEY, "{\"sub\":\"" + participantId + "\",\"acct\":\"" + accountId + "\",\"role\":\"GUEST\",\"mtg\":\""
                + meetingId + "\",\"iat\":" + (expiresAt.getEpochSecond() - 3600) + ",\"exp\":" + expiresAt.getEpochSecond()
                + ",\"jti\":\"t-2\"}");
    }

    public static String sign(byte[] key, String claimsJson) {
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String input = header + "." + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
