package io.confab.storage.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.storage.auth.CompactJwt.Fault;
import io.confab.storage.auth.CompactJwt.Opened;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CompactJwtTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final CompactJwt jwt = new CompactJwt(KEY);

    private static ObjectNode claims() {
        return JsonNodeFactory.instance.objectNode().put("sub", "u-1").put("exp", 1_800_000_000L);
    }

    /** The subject and expiry, as a reader of the caller's would take them. */
    private record Seen(String subject, long exp, String meeting) {
    }

    private static Seen seen(CompactJwt.Claims claims) {
        return new Seen(claims.text("sub"), claims.seconds("exp"), claims.optionalText("mtg"));
    }

    private static Opened.Refused<Seen> refused(Opened<Seen> opened) {
        @SuppressWarnings("unchecked")
        Opened.Refused<Seen> refused = assertInstanceOf(Opened.Refused.class, opened);
        return refused;
    }

    /** HS256 over the first two parts, computed here with the JDK alone (RFC 7515 appendix A.1's steps). */
    private static String signedByHand(byte[] key, String header, String claims) throws Exception {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void signsAsAnyJwtLibraryWouldAndOpensWhatItSigned() throws Exception {
        String token = jwt.sign(claims());

        assertEquals(signedByHand(KEY, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"u-1\",\"exp\":1800000000}"), token);
        Opened.Read<?> read = assertInstanceOf(Opened.Read.class, jwt.open(token, CompactJwtTest::seen));
        assertEquals(new Seen("u-1", 1_800_000_000L, null), read.claims());
    }

    @Test
    void refusesAnotherKeysTokenAndAnAlteredOneAsBadSignature() {
        byte[] otherKey = Arrays.copyOf(KEY, KEY.length);
        otherKey[0] ^= 1;
        String token = jwt.sign(claims());
        String[] parts = token.split("\\.");
        String altered = parts[0] + "." + B64.encodeToString("{\"sub\":\"u-2\",\"exp\":1800000000}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertEquals(Fault.BAD_SIGNATURE, refused(new CompactJwt(otherKey).open(token, CompactJwtTest::seen)).fault());
        assertEquals(Fault.BAD_SIGNATURE, refused(jwt.open(altered, CompactJwtTest::seen)).fault());
    }

    @Test
    void neverReadsTheClaimsOfATokenWhoseMacDoesNotMatch() {
        String[] parts = jwt.sign(claims()).split("\\.");
        CompactJwt.ClaimsReader<Seen> mustNotRun = claims -> {
            throw new AssertionError("claims read before the MAC was checked");
        };

        assertEquals(Fault.BAD_SIGNATURE, refused(jwt.open(parts[0] + "." + parts[1] + ".AAAA", mustNotRun)).fault());
    }

    @Test
    void refusesASignedHeaderThatIsNotHs256AsMalformed() throws Exception {
        String none = signedByHand(KEY, "{\"alg\":\"none\"}", "{\"sub\":\"u-1\",\"exp\":1}");

        Opened.Refused<Seen> refused = refused(jwt.open(none, CompactJwtTest::seen));
        assertEquals(Fault.MALFORMED, refused.fault());
        assertEquals("header alg is not HS256", refused.detail());
    }

    @Test
    void refusesBadFormsBeforeAnyMacWithTheReasonNamed() {
        assertEquals("token is empty", refused(jwt.open(null, CompactJwtTest::seen)).detail());
        assertEquals("token is empty", refused(jwt.open("", CompactJwtTest::seen)).detail());
        String huge = "a".repeat(CompactJwt.MAX_TOKEN_CHARS) + ".b.c";
        assertEquals("token has 4100 characters, more than 4096", refused(jwt.open(huge, CompactJwtTest::seen)).detail());
        assertEquals("expected 3 dot-separated parts, found 2", refused(jwt.open("a.b", CompactJwtTest::seen)).detail());
        assertEquals("a part is empty or not unpadded Base64url", refused(jwt.open("a..c", CompactJwtTest::seen)).detail());
        assertEquals("a part is empty or not unpadded Base64url", refused(jwt.open("a.b=.c", CompactJwtTest::seen)).detail());
    }

    @Test
    void aClaimTheReaderCannotReadMakesTheTokenMalformedWithTheClaimNamed() throws Exception {
        String noSubject = signedByHand(KEY, "{\"alg\":\"HS256\"}", "{\"exp\":1}");
        String fractionalExpiry = signedByHand(KEY, "{\"alg\":\"HS256\"}", "{\"sub\":\"u\",\"exp\":1.5}");
        String notAnObject = signedByHand(KEY, "{\"alg\":\"HS256\"}", "[1]");

        Opened.Refused<Seen> missing = refused(jwt.open(noSubject, CompactJwtTest::seen));
        assertEquals(Fault.MALFORMED, missing.fault());
        assertTrue(missing.detail().contains("claim sub is missing"), missing.detail());
        assertTrue(refused(jwt.open(fractionalExpiry, CompactJwtTest::seen)).detail().contains("claim exp"));
        assertTrue(refused(jwt.open(notAnObject, CompactJwtTest::seen)).detail().contains("not a JSON object"));
    }

    @Test
    void anOptionalClaimIsNullWhenAbsentAndReadWhenPresent() {
        ObjectNode guest = claims().put("mtg", "85123456789");

        Opened.Read<?> read = assertInstanceOf(Opened.Read.class, jwt.open(jwt.sign(guest), CompactJwtTest::seen));
        assertEquals("85123456789", ((Seen) read.claims()).meeting());
        assertNull(((Seen) ((Opened.Read<?>) jwt.open(jwt.sign(claims()), CompactJwtTest::seen)).claims()).meeting());
    }

    @Test
    void refusesAKeyShorterThanTheHashWithItsLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CompactJwt(new byte[31]));
        assertEquals("token key must be at least 32 bytes, was 31", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CompactJwt(null));
    }
}
