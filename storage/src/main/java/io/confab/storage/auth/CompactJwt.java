package io.confab.storage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The meeting service's bearer token on the wire, shared by its issuer (realtime-core's
 * {@code TokenIssuer}) and every service that accepts it (data-api's {@code TokenVerifier}): a JWT
 * (RFC 7519) in compact form, {@code base64url(header).base64url(claims).base64url(mac)}, HS256
 * (HMAC-SHA256, RFC 7518 section 3.2) under the web token secret. Which claims a token carries is
 * each side's business; how they are signed and opened is this class, so the two cannot drift.
 *
 * <p>Opening checks the MAC before it parses anything, with the algorithm fixed here (the header's
 * {@code alg} is never trusted, RFC 8725 section 3.1), and compares MACs in constant time; only then
 * are header and claims read. Bad tokens arrive from the network all the time, so a refusal is a
 * value, not an exception. Thread-safe.
 */
public final class CompactJwt {

    // RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output.
    static final int MIN_KEY_BYTES = 32;
    /** A real token is about 350 characters; anything far longer is refused before any work. */
    public static final int MAX_TOKEN_CHARS = 4096;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER =
            ENCODER.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    /** Why a token could not be opened. Expiry is not here: that is a claim the caller reads. */
    public enum Fault {
        /** Not three Base64url parts, or the signed content is not the JSON the reader expects. */
        MALFORMED,
        /** Well-formed but not signed with this key: forged, altered, or from elsewhere. */
        BAD_SIGNATURE
    }

    /** What {@link #open} found: the claims as the caller's reader read them, or why not. */
    public sealed interface Opened<T> permits Opened.Read, Opened.Refused {

        record Read<T>(T claims) implements Opened<T> {
            public Read {
                Objects.requireNonNull(claims, "claims");
            }
        }

        /** @param detail what exactly was wrong, for logs and audit */
        record Refused<T>(Fault fault, String detail) implements Opened<T> {
            public Refused {
                Objects.requireNonNull(fault, "fault");
                Objects.requireNonNull(detail, "detail");
            }
        }
    }

    /**
     * Turns signed claims into the caller's type. Throwing {@link IllegalArgumentException} or
     * {@link DateTimeException} refuses the token as {@link Fault#MALFORMED}, with the message.
     */
    @FunctionalInterface
    public interface ClaimsReader<T> {
        T read(Claims claims);
    }

    /** The signed claims object, read only after its MAC matched. */
    public static final class Claims {
        private final JsonNode node;

        private Claims(JsonNode node) {
            this.node = node;
        }

        public boolean has(String name) {
            return node.hasNonNull(name);
        }

        /** @throws IllegalArgumentException when the claim is missing or not a string */
        public String text(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isTextual()) {
                throw new IllegalArgumentException("claim " + name + " is missing or not a string");
            }
            return value.textValue();
        }

        /** The claim's text, or null when it is absent or null. */
        public String optionalText(String name) {
            return has(name) ? text(name) : null;
        }

        /** A NumericDate or other whole number of seconds (RFC 7519 section 2). */
        public long seconds(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
                throw new IllegalArgumentException("claim " + name + " is missing or not whole seconds");
            }
            return value.longValue();
        }
    }

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException when the key is missing or shorter than 32 bytes */
    public CompactJwt(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("token key must be at least " + MIN_KEY_BYTES + " bytes, was "
                    + (key == null ? "none" : key.length));
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
    }

    /** A compact token with a fixed HS256 header, these claims and their MAC. */
    public String sign(ObjectNode claims) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(claims);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
        String signingInput = HEADER + "." + ENCODER.encodeToString(json);
        return signingInput + "." + ENCODER.encodeToString(mac(signingInput));
    }

    /** Checks the token's form and MAC, then reads its claims with {@code reader}. */
    public <T> Opened<T> open(String token, ClaimsReader<T> reader) {
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
        byte[] expected = ENCODER.encode(mac(parts[0] + "." + parts[1]));
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return new Opened.Refused<>(Fault.BAD_SIGNATURE, "MAC does not match");
        }
        try {
            if (!"HS256".equals(object(parts[0]).path("alg").asText())) {
                return malformed("header alg is not HS256");
            }
            return new Opened.Read<>(reader.read(new Claims(object(parts[1]))));
        } catch (IllegalArgumentException | DateTimeException | IOException e) {
            return malformed("signed content is unreadable: " + e.getMessage());
        }
    }

    private static <T> Opened<T> malformed(String detail) {
        return new Opened.Refused<>(Fault.MALFORMED, detail);
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
}
