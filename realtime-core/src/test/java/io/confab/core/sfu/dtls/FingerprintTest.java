package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static Fingerprint parsed(String value) {
        FingerprintParseResult result = Fingerprint.parse(value);
        return assertInstanceOf(Fingerprint.class, result, () -> "expected a fingerprint from '" + value + "', got " + result);
    }

    private static FingerprintParseError.Reason refusal(String value) {
        FingerprintParseResult result = Fingerprint.parse(value);
        return assertInstanceOf(FingerprintParseError.class, result,
                () -> "expected '" + value + "' to be refused, got " + result).reason();
    }

    @Test
    void readsTheSha1ExampleFromRfc4572() {
        // RFC 4572 §5 (kept by RFC 8122 §5): a=fingerprint:SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB
        Fingerprint fingerprint = parsed("SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");
        assertEquals("sha-1", fingerprint.algorithm());
        assertArrayEquals(HexFormat.of().parseHex("4AADB9B13F82183B540212DF3E5D496B19E57CAB"), fingerprint.bytes());
        assertEquals("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", fingerprint.toSdp());
    }

    @Test
    void readsLowerCaseHexAndSurroundingWhitespaceAsBrowsersSendThem() {
        String upper = "sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(new byte[32]).replace("00", "AB");
        Fingerprint fromLower = parsed("  " + upper.toLowerCase() + "\r\n");
        assertEquals(parsed(upper), fromLower);
        assertEquals(upper, fromLower.toSdp());
    }

    @Test
    void readsEveryLengthItSupports() {
        for (int[] pair : new int[][] {{1, 20}, {224, 28}, {256, 32}, {384, 48}, {512, 64}}) {
            String hex = HexFormat.ofDelimiter(":").formatHex(new byte[pair[1]]);
            assertEquals(pair[1], parsed("sha-" + pair[0] + " " + hex).bytes().length);
        }
    }

    @Test
    void refusesWhatIsNotAFingerprint() {
        String sha256Hex = HexFormat.ofDelimiter(":").formatHex(new byte[32]);
        assertEquals(FingerprintParseError.Reason.EMPTY, refusal(null));
        assertEquals(FingerprintParseError.Reason.EMPTY, refusal("   "));
        assertEquals(FingerprintParseError.Reason.MISSING_SEPARATOR, refusal("sha-256"));
        assertEquals(FingerprintParseError.Reason.UNSUPPORTED_ALGORITHM, refusal("md5 " + HexFormat.ofDelimiter(":").formatHex(new byte[16])));
        assertEquals(FingerprintParseError.Reason.UNSUPPORTED_ALGORITHM, refusal("sha256 " + sha256Hex));
        assertEquals(FingerprintParseError.Reason.MALFORMED_HEX, refusal("sha-256 " + sha256Hex.replace(':', '-')));
        assertEquals(FingerprintParseError.Reason.MALFORMED_HEX, refusal("sha-256 " + sha256Hex + ":"));
        assertEquals(FingerprintParseError.Reason.MALFORMED_HEX, refusal("sha-256 " + sha256Hex.substring(1)));
        assertEquals(FingerprintParseError.Reason.MALFORMED_HEX, refusal("sha-256 " + "ZZ" + sha256Hex.substring(2)));
        assertEquals(FingerprintParseError.Reason.MALFORMED_HEX, refusal("sha-256 " + "\u0661\u0662" + sha256Hex.substring(2)));
        assertEquals(FingerprintParseError.Reason.MALFORMED_HEX, refusal("sha-256 00 11"));
        assertEquals(FingerprintParseError.Reason.WRONG_LENGTH, refusal("sha-256 " + HexFormat.ofDelimiter(":").formatHex(new byte[20])));
    }

    @Test
    void matchesOnlyTheCertificateItWasTakenFrom() {
        byte[] certificate = "not really DER, but any bytes hash".getBytes(StandardCharsets.US_ASCII);
        Fingerprint fingerprint = Fingerprint.sha256(certificate);
        assertTrue(fingerprint.matches(certificate));
        byte[] other = certificate.clone();
        other[0] ^= 1;
        assertFalse(fingerprint.matches(other));
        assertFalse(fingerprint.matches(null));
        assertTrue(parsed(fingerprint.toSdp()).matches(certificate), "a fingerprint survives the trip through SDP");
        assertTrue(Fingerprint.of("sha-512", certificate).matches(certificate));
    }

    @Test
    void keepsItsBytesToItself() {
        byte[] digest = new byte[32];
        Fingerprint fingerprint = new Fingerprint(Fingerprint.SHA_256, digest);
        digest[0] = 1;
        fingerprint.bytes()[1] = 1;
        assertArrayEquals(new byte[32], fingerprint.bytes());
    }

    @Test
    void refusesImpossibleValuesAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint("sha-256", new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint("md5", new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(null, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of("SHA-256", new byte[1]));
    }
}
