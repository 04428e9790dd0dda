package io.confab.core.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.core.accounts.TokenVerification.Invalid;
import io.confab.core.accounts.TokenVerification.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies signed, expiring bearer tokens. The format is a JWT (RFC 7519) in compact
 * form with HS256 (HMAC-SHA256, RFC 7518 section 3.2): {@code base64url(header).base64url(claims).
 * base64url(mac)}, so standard tools can read one while debugging. Claims: {@code sub}, {@code iat},
 * {@code exp}, {@code jti} as registered in RFC 7519 section 4.1, and {@code acct}, {@code role},
 * {@code mtg} (guests only) of our own.
 *
 * <p>Verification checks the MAC before it parses anything (RFC 8725 section 3.1: the algorithm is
 * fixed here and the header's {@code alg} is never trusted), compares MACs in constant time, and
 * only then reads the claims and the expiry. Thread-safe.
 */
public final class TokenIssuer {

    // RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output.
    private static final int MIN_KEY_BYTES = 32;
    // A real token is about 350 characters; anything far longer is refused before any work.
    static final int MAX_TOKEN_CHARS = 4096;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER =
            ENCODER.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration defaultTtl;

    public TokenIssuer(byte[] key, Clock clock, Duration defaultTtl) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "token key must be at least " + MIN_KEY_BYTES + " bytes, was " + key.length);
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultTtl = requireTtl(defaultTtl);
    }

    /** A token for a signed-in user, valid for the default time to live. */
    public IssuedToken issueForUser(String userId, String accountId, Role role) {
        if (role == Role.GUEST) {
            throw new IllegalArgumentException("a user token cannot carry the GUEST role; use issueForGuest");
        }
        return issue(userId, accountId, role, null, defaultTtl);
    }

    /** A token that admits a guest (display name and passcode checked) to one meeting. */
    public IssuedToken issueForGuest(String participantId, String accountId, String meetingId) {
        return issueForGuest(participantId, accountId, meetingId, null);
    }

    /** A guest token carrying the meeting's passcode stamp, so a passcode change revokes it. */
    public IssuedToken issueForGuest(String participantId, String accountId, String meetingId, String passcodeStamp) {
        return issue(participantId, accountId, Role.GUEST, meetingId, passcodeStamp, defaultTtl);
    }

    public IssuedToken issue(String subject, String accountId, Role role, String meetingId, Duration ttl) {
        return issue(subject, accountId, role, meetingId, null, ttl);
    }

    private IssuedToken issue(String subject, String accountId, Role role, String meetingId, String passcodeStamp, Duration ttl) {
        // NumericDate has whole seconds (RFC 7519 section 2); truncating here makes the claims
        // returned equal the claims a later verify reads back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plusSeconds(requireTtl(ttl).toSeconds());
        AccessToken claims = new AccessToken(
                subject, accountId, role, meetingId, now, expiresAt, UUID.randomUUID().toString(), passcodeStamp);
        String signingInput = HEADER + "." + ENCODER.encodeToString(toJson(claims));
        return new IssuedToken(signingInput + "." + ENCODER.encodeToString(mac(signingInput)), claims);
    }

    public TokenVerification verify(String token) {
        if (token == null || token.isEmpty()) {
            return malformed("token is empty");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return malformed("token has " + token.length() + " characters, more than " + MAX_TOKEN_CHARS);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return malformed("expected 3 dot-separated parts, found " + parts.length);
        }
        for (String part : parts) {
            if (!BASE64URL.matcher(part).matches()) {
                return malformed("a part is empty or not unpadded Base64url");
            }
        }
        String signingInput = parts[0] + "." + parts[1];
        byte[] expected = ENCODER.encode(mac(signingInput));
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return new Invalid(Reason.BAD_SIGNATURE, "MAC does not match");
        }
        AccessToken claims;
        try {
            JsonNode header = readJson(parts[0]);
            if (!"HS256".equals(header.path("alg").asText())) {
                return malformed("header alg is not HS256");
            }
            claims = fromJson(readJson(parts[1]));
        } catch (IllegalArgumentException | DateTimeException | IOException e) {
            return malformed("signed content is unreadable: " + e.getMessage());
        }
        Instant now = clock.instant();
        if (!now.isBefore(claims.expiresAt())) {
            return new Invalid(Reason.EXPIRED, "expired at " + claims.expiresAt() + ", now " + now);
        }
        return new TokenVerification.Valid(claims);
    }

    private static Invalid malformed(String detail) {
        return new Invalid(Reason.MALFORMED, detail);
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

    private static byte[] toJson(AccessToken claims) {
        ObjectNode node = JSON.createObjectNode()
                .put("sub", claims.subject())
                .put("acct", claims.accountId())
                .put("role", claims.role().name());
        if (claims.meetingId() != null) {
            node.put("mtg", claims.meetingId());
        }
        if (claims.passcodeStamp() != null) {
            node.put("pcs", claims.passcodeStamp());
        }
        node.put("iat", claims.issuedAt().getEpochSecond())
                .put("exp", claims.expiresAt().getEpochSecond())
                .put("jti", claims.tokenId());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static JsonNode readJson(String part) throws IOException {
        JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return node;
    }

    private static AccessToken fromJson(JsonNode node) {
        String meetingId = node.hasNonNull("mtg") ? text(node, "mtg") : null;
        return new AccessToken(
                text(node, "sub"),
                text(node, "acct"),
                Role.valueOf(text(node, "role")),
                meetingId,
                Instant.ofEpochSecond(seconds(node, "iat")),
                Instant.ofEpochSecond(seconds(node, "exp")),
                text(node, "jti"),
                node.hasNonNull("pcs") ? text(node, "pcs") : null);
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

    private static Duration requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("token time to live must be at least one second, was " + ttl);
        }
        return ttl;
    }
}
