package io.confab.dataapi.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the meeting service's bearer tokens. This is a contract with their issuer,
 * realtime-core's {@code io.confab.core.accounts.TokenIssuer}: a JWT (RFC 7519) in compact form,
 * HS256 (RFC 7518 section 3.2) under the web token secret, claims {@code sub}, {@code acct},
 * {@code role}, {@code mtg} (guests only), {@code iat}, {@code exp}, {@code jti}. A change to the
 * issuer's format must change this class and its test in the same commit.
 *
 * <p>As the issuer does: the MAC is checked before anything is parsed, with the algorithm fixed
 * here (the header's {@code alg} is never trusted, RFC 8725 section 3.1), in constant time; only
 * then are the claims read and the expiry checked. data-api does not depend on realtime-core (one
 * JVM per server, and Spring's dependency tree kept apart), hence this small copy of the check.
 * Thread-safe.
 */
public final class TokenVerifier {

    /** Why a token was refused; a metric label, so a small fixed set. */
    public enum Reason { MISSING, MALFORMED, BAD_SIGNATURE, EXPIRED }

    /** A refused token: the reason and a message for the 401 answer. */
    public static final class Refused extends Exception {
        private final Reason reason;

        public Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private static final int MIN_KEY_BYTES = 32;
    // The issuer's own ceiling: a real token is about 350 characters.
    private static final int MAX_TOKEN_CHARS = 4096;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;
    private final Clock clock;

    public TokenVerifier(byte[] key, Clock clock) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("token key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
        this.clock = clock;
    }

    /** The caller named by an {@code Authorization} header value. */
    public Caller verifyHeader(String authorization) throws Refused {
        if (authorization == null || authorization.isBlank()) {
            throw new Refused(Reason.MISSING, "no bearer token: send 'Authorization: Bearer <token>' with the token from "
                    + "POST /api/auth/signin (or a meeting's join)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refused(Reason.MALFORMED, "the Authorization header must be 'Bearer <token>'");
        }
        return verify(authorization.substring(7).trim());
    }

    public Caller verify(String token) throws Refused {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw malformed("token is empty or longer than " + MAX_TOKEN_CHARS + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw malformed("expected 3 dot-separated parts, found " + parts.length);
        }
        for (String part : parts) {
            if (!BASE64URL.matcher(part).matches()) {
                throw malformed("a part is empty or not unpadded Base64url");
            }
        }
        byte[] expected = ENCODER.encode(mac(parts[0] + "." + parts[1]));
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(Reason.BAD_SIGNATURE, "token signature does not match; sign in again");
        }
        Caller caller;
        try {
            JsonNode header = object(parts[0]);
            if (!"HS256".equals(header.path("alg").asText())) {
                throw malformed("header alg is not HS256");
            }
            JsonNode claims = object(parts[1]);
            caller = new Caller(text(claims, "sub"), text(claims, "acct"), Caller.Role.valueOf(text(claims, "role")),
                    claims.hasNonNull("mtg") ? text(claims, "mtg") : null, Instant.ofEpochSecond(seconds(claims, "exp")));
        } catch (IOException | IllegalArgumentException e) {
            throw malformed("signed content is unreadable: " + e.getMessage());
        }
        if (caller.guest() && caller.meetingId() == null) {
            throw malformed("a guest token must name its meeting (mtg)");
        }
        Instant now = clock.instant();
        if (!now.isBefore(caller.expiresAt())) {
            throw new Refused(Reason.EXPIRED, "token expired at " + caller.expiresAt() + "; sign in again");
        }
        return caller;
    }

    private static Refused malformed(String detail) {
        return new Refused(Reason.MALFORMED, "malformed token: " + detail);
    }

    private byte[] mac(String signingInput) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private static JsonNode object(String part) throws IOException {
        JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("claim " + name + " is missing or not a string");
        }
        return value.textValue();
    }

    private static long seconds(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("claim " + name + " is missing or not whole seconds");
        }
        return value.longValue();
    }
}
