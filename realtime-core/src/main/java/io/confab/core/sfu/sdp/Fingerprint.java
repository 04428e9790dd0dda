package io.confab.core.sfu.sdp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A certificate fingerprint (RFC 8122 §5): the hash function's name and the colon-separated
 * uppercase hex digest, which DTLS checks the peer's certificate against (RFC 5763 §5).
 */
public record Fingerprint(String hashFunction, String value) {
    private static final Pattern HEX_PAIRS = Pattern.compile("[0-9A-F]{2}(:[0-9A-F]{2})*");

    /**
     * @throws IllegalArgumentException when the hash function is blank or the value is not
     *     colon-separated hex pairs
     */
    public Fingerprint {
        Objects.requireNonNull(hashFunction, "hashFunction");
        Objects.requireNonNull(value, "value");
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        value = value.toUpperCase(Locale.ROOT);
        if (hashFunction.isBlank() || hashFunction.contains(" ")) {
            throw new IllegalArgumentException("hash function must be one token: '" + hashFunction + "'");
        }
        if (!HEX_PAIRS.matcher(value).matches()) {
            throw new IllegalArgumentException("fingerprint must be colon-separated hex pairs: '" + value + "'");
        }
    }

    /** The attribute value, {@code sha-256 AB:CD:...}. */
    public String toSdpValue() {
        return hashFunction + " " + value;
    }

    static Optional<Fingerprint> parse(String value) {
        var fields = Tokens.fields(value);
        if (fields.size() != 2 || !HEX_PAIRS.matcher(fields.get(1).toUpperCase(Locale.ROOT)).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Fingerprint(fields.get(0), fields.get(1)));
    }
}
