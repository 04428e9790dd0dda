package io.confab.core.sfu.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * A certificate fingerprint as SDP carries it in {@code a=fingerprint} (RFC 8122 §5): the hash
 * function's textual name and the digest of the DER certificate. WebRTC endpoints authenticate
 * each other by nothing else (RFC 8827 §6.5), so {@link #matches} is the whole of peer
 * verification.
 *
 * @param algorithm the lower-case hash function name from the IANA "Hash Function Textual Names"
 *                  registry, e.g. "sha-256"
 * @param bytes     the digest; the record keeps and returns copies
 */
public record Fingerprint(String algorithm, byte[] bytes) implements FingerprintParseResult {
    public static final String SHA_256 = "sha-256";

    /**
     * The hash functions RFC 8122 §5 lets SDP name that are still fit for this; md5 and md2 are in
     * the registry too but RFC 8122 forbids them. Value: the JDK digest name and its length.
     */
    private static final Map<String, HashFunction> HASH_FUNCTIONS = Map.of(
            "sha-1", new HashFunction("SHA-1", 20),
            "sha-224", new HashFunction("SHA-224", 28),
            SHA_256, new HashFunction("SHA-256", 32),
            "sha-384", new HashFunction("SHA-384", 48),
            "sha-512", new HashFunction("SHA-512", 64));

    private static final HexFormat SDP_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private record HashFunction(String jdkName, int length) {
        MessageDigest digest() {
            try {
                return MessageDigest.getInstance(jdkName);
            } catch (NoSuchAlgorithmException missingFromJdk) {
                throw new IllegalStateException(missingFromJdk);
            }
        }
    }

    /** @throws IllegalArgumentException for an unknown algorithm or a digest of the wrong length */
    public Fingerprint {
        HashFunction function = algorithm == null ? null : HASH_FUNCTIONS.get(algorithm);
        if (function == null) {
            throw new IllegalArgumentException("unsupported fingerprint algorithm " + algorithm);
        }
        if (bytes == null || bytes.length != function.length()) {
            throw new IllegalArgumentException(algorithm + " fingerprints have " + function.length() + " bytes");
        }
        bytes = bytes.clone();
    }

    /** The fingerprint of a DER-encoded certificate with the named hash function ("sha-256", ...). */
    public static Fingerprint of(String algorithm, byte[] certificateDer) {
        HashFunction function = HASH_FUNCTIONS.get(algorithm);
        if (function == null) {
            throw new IllegalArgumentException("unsupported fingerprint algorithm " + algorithm);
        }
        return new Fingerprint(algorithm, function.digest().digest(certificateDer));
    }

    /** SHA-256, the function every WebRTC implementation offers (RFC 8827 §6.5 requires it). */
    public static Fingerprint sha256(byte[] certificateDer) {
        return of(SHA_256, certificateDer);
    }

    /**
     * Reads the value of an {@code a=fingerprint} attribute, e.g. "sha-256 AB:CD:...". The hash
     * name and the hex are case-insensitive: RFC 8122 §5 writes upper-case hex, but browsers have
     * sent both.
     */
    public static FingerprintParseResult parse(String sdpValue) {
        if (sdpValue == null || sdpValue.isBlank()) {
            return error(FingerprintParseError.Reason.EMPTY, "no fingerprint value");
        }
        String value = sdpValue.strip();
        int space = indexOfWhitespace(value);
        if (space < 0) {
            return error(FingerprintParseError.Reason.MISSING_SEPARATOR, "expected '<hash-func> <hex>', got '" + value + "'");
        }
        String algorithm = value.substring(0, space).toLowerCase(Locale.ROOT);
        HashFunction function = HASH_FUNCTIONS.get(algorithm);
        if (function == null) {
            return error(FingerprintParseError.Reason.UNSUPPORTED_ALGORITHM, "hash function '" + algorithm + "'");
        }
        String hex = value.substring(space).strip();
        if (!isColonSeparatedHexPairs(hex)) {
            return error(FingerprintParseError.Reason.MALFORMED_HEX, "'" + hex + "' is not colon-separated hex pairs");
        }
        byte[] digest = SDP_HEX.parseHex(hex);
        if (digest.length != function.length()) {
            return error(FingerprintParseError.Reason.WRONG_LENGTH,
                    algorithm + " has " + function.length() + " bytes, the value has " + digest.length);
        }
        return new Fingerprint(algorithm, digest);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The SDP attribute value, upper-case hex as RFC 8122 §5 writes it: "sha-256 AB:CD:...". */
    public String toSdp() {
        return algorithm + " " + SDP_HEX.formatHex(bytes);
    }

    /** Whether this is the fingerprint of that DER certificate; false for null. */
    public boolean matches(byte[] certificateDer) {
        if (certificateDer == null) {
            return false;
        }
        byte[] actual = HASH_FUNCTIONS.get(algorithm).digest().digest(certificateDer);
        return MessageDigest.isEqual(actual, bytes);
    }

    private static boolean isColonSeparatedHexPairs(String hex) {
        if (hex.isEmpty() || (hex.length() + 1) % 3 != 0) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 0x80;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static FingerprintParseError error(FingerprintParseError.Reason reason, String detail) {
        return new FingerprintParseError(reason, detail);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint f && f.algorithm.equals(algorithm) && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toSdp();
    }
}
