package io.confab.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.accounts.TokenVerification.Invalid;
import io.confab.core.accounts.TokenVerification.Reason;
import io.confab.core.accounts.TokenVerification.Valid;
import io.confab.storage.auth.CompactJwt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenIssuerTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOON = Instant.parse("2025-03-09T12:00:00.750Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final TokenIssuer issuer = new TokenIssuer(KEY, Clock.fixed(NOON, ZoneOffset.UTC), HOUR);

    @Test
    void userTokenRoundTripsWithAllItsClaims() {
        IssuedToken issued = issuer.issueForUser("user-42", "acct-7", Role.HOST);

        AccessToken token = valid(issuer.verify(issued.bearer()));
        assertEquals(issued.claims(), token);
        assertEquals("user-42", token.subject());
        assertEquals("acct-7", token.accountId());
        assertEquals(Role.HOST, token.role());
        assertNull(token.meetingId());
        assertEquals(Instant.parse("2025-03-09T12:00:00Z"), token.issuedAt());
        assertEquals(Instant.parse("2025-03-09T13:00:00Z"), token.expiresAt());
    }

    @Test
    void guestTokenNamesTheOneMeetingItAdmitsTo() {
        AccessToken token = valid(issuer.verify(issuer.issueForGuest("guest-1", "acct-7", "12345678906").bearer()));

        assertEquals(Role.GUEST, token.role());
        assertEquals("12345678906", token.meetingId());
        assertTrue(token.admitsTo("12345678906"));
        assertTrue(!token.admitsTo("98765432109"));
    }

    @Test
    void aGuestTicketCarriesThePasscodeStampItWasIssuedUnder() {
        AccessToken token = valid(issuer.verify(issuer.issueForGuest("guest-1", "acct-7", "12345678906", "stamp-1").bearer()));
        assertEquals("stamp-1", token.passcodeStamp());
        assertTrue(token.issuedUnderPasscode("stamp-1"));
        assertTrue(!token.issuedUnderPasscode("stamp-2"), "a changed passcode revokes it");
        assertTrue(!token.issuedUnderPasscode(null), "so does removing the passcode");
        AccessToken open = valid(issuer.verify(issuer.issueForGuest("guest-2", "acct-7", "12345678906").bearer()));
        assertTrue(open.issuedUnderPasscode(null));
        assertThrows(IllegalArgumentException.class, () -> new AccessToken("u", "a", Role.HOST, null,
                Instant.EPOCH, Instant.EPOCH.plusSeconds(1), "t", "stamp"), "only a guest ticket carries a stamp");
    }

    @Test
    void everyTokenHasItsOwnId() {
        String first = issuer.issueForUser("u", "a", Role.PARTICIPANT).claims().tokenId();
        String second = issuer.issueForUser("u", "a", Role.PARTICIPANT).claims().tokenId();
        assertTrue(!first.equals(second), "token ids repeat: " + first);
    }

    @Test
    void isAStandardJwtWithHs256Header() {
        String bearer = issuer.issueForUser("u", "a", Role.HOST).bearer();
        String header = new String(Base64.getUrlDecoder().decode(bearer.split("\\.")[0]), StandardCharsets.UTF_8);
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", header);
    }

    @Test
    void tokenIsExpiredFromItsExpiryInstantOn() {
        String bearer = issuer.issueForUser("u", "a", Role.HOST).bearer();

        assertInstanceOf(Valid.class, at(Instant.parse("2025-03-09T12:59:59Z")).verify(bearer));
        assertEquals(Reason.EXPIRED, reason(at(Instant.parse("2025-03-09T13:00:00Z")).verify(bearer)));
        assertEquals(Reason.EXPIRED, reason(at(Instant.parse("2025-03-10T00:00:00Z")).verify(bearer)));
    }

    @Test
    void tamperedPayloadIsReportedAsBadSignature() {
        String[] parts = issuer.issueForUser("user-42", "acct-7", Role.PARTICIPANT).bearer().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String promoted = claims.replace("\"PARTICIPANT\"", "\"ACCOUNT_OWNER\"");
        assertTrue(!promoted.equals(claims));
        String forged = parts[0] + "." + base64url(promoted) + "." + parts[2];

        assertEquals(Reason.BAD_SIGNATURE, reason(issuer.verify(forged)));
    }

    @Test
    void tamperedSignatureIsReportedAsBadSignature() {
        String bearer = issuer.issueForUser("u", "a", Role.HOST).bearer();
        int last = bearer.length() - 5;
        char flipped = bearer.charAt(last) == 'A' ? 'B' : 'A';
        String forged = bearer.substring(0, last) + flipped + bearer.substring(last + 1);

        assertEquals(Reason.BAD_SIGNATURE, reason(issuer.verify(forged)));
    }

    @Test
    void tokenFromAnotherKeyIsReportedAsBadSignature() {
        byte[] otherKey = Arrays.copyOf(KEY, KEY.length);
        otherKey[0] ^= 1;
        TokenIssuer other = new TokenIssuer(otherKey, Clock.fixed(NOON, ZoneOffset.UTC), HOUR);

        assertEquals(Reason.BAD_SIGNATURE, reason(issuer.verify(other.issueForUser("u", "a", Role.HOST).bearer())));
    }

    @Test
    void forgedTokenIsReportedAsForgedEvenWhenAlsoExpired() {
        byte[] otherKey = Arrays.copyOf(KEY, KEY.length);
        otherKey[5] ^= 1;
        String forged = new TokenIssuer(otherKey, Clock.fixed(NOON, ZoneOffset.UTC), HOUR)
                .issueForUser("u", "a", Role.HOST).bearer();

        assertEquals(Reason.BAD_SIGNATURE, reason(at(NOON.plus(Duration.ofDays(2))).verify(forged)));
    }

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        String none = base64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + base64url("{\"sub\":\"u\",\"acct\":\"a\",\"role\":\"ACCOUNT_OWNER\",\"iat\":1,\"exp\":9999999999,\"jti\":\"x\"}");

        assertEquals(Reason.MALFORMED, reason(issuer.verify(none + ".")));
        assertEquals(Reason.BAD_SIGNATURE, reason(issuer.verify(none + ".AAAA")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "a.b", "a.b.c.d", "a..c", "!!.@@.##", "a.b.c=", "eyJ.eyJ.c d"})
    void garbageIsReportedAsMalformed(String garbage) {
        assertEquals(Reason.MALFORMED, reason(issuer.verify(garbage)));
    }

    @Test
    void nullAndOversizedTokensAreMalformed() {
        assertEquals(Reason.MALFORMED, reason(issuer.verify(null)));
        assertEquals(Reason.MALFORMED, reason(issuer.verify("a".repeat(CompactJwt.MAX_TOKEN_CHARS) + ".b.c")));
    }

    @Test
    void correctlySignedContentWithoutOurClaimsIsMalformed() {
        String header = base64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String[] payloads = {
            "{\"sub\":\"u\",\"acct\":\"a\",\"iat\":1,\"exp\":9999999999,\"jti\":\"x\"}",
            "{\"sub\":\"u\",\"acct\":\"a\",\"role\":\"ROOT\",\"iat\":1,\"exp\":9999999999,\"jti\":\"x\"}",
            "{\"sub\":\"u\",\"acct\":\"a\",\"role\":\"GUEST\",\"iat\":1,\"exp\":9999999999,\"jti\":\"x\"}",
            "{\"sub\":\"u\",\"acct\":\"a\",\"role\":\"HOST\",\"iat\":\"1\",\"exp\":9999999999,\"jti\":\"x\"}",
            "[1,2,3]",
            "not json",
        };
        for (String payload : payloads) {
            String signingInput = header + "." + base64url(payload);
            String token = signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signingInput));
            assertEquals(Reason.MALFORMED, reason(issuer.verify(token)), "for claims " + payload);
        }
    }

    @Test
    void invalidResultsCarryAClientMessageAndALogDetail() {
        Invalid invalid = assertInstanceOf(Invalid.class, issuer.verify("a.b"));
        assertEquals("token is malformed", invalid.reason().message());
        assertTrue(invalid.detail().contains("3"), invalid.detail());
    }

    @Test
    void refusesKeysShorterThanTheHashOutput() {
        assertThrows(IllegalArgumentException.class,
                () -> new TokenIssuer(new byte[31], Clock.systemUTC(), HOUR));
    }

    @Test
    void userTokensCannotCarryTheGuestRoleAndGuestTokensNeedAMeeting() {
        assertThrows(IllegalArgumentException.class, () -> issuer.issueForUser("u", "a", Role.GUEST));
        assertThrows(IllegalArgumentException.class, () -> issuer.issueForGuest("g", "a", null));
        assertThrows(IllegalArgumentException.class, () -> issuer.issue("u", "a", Role.HOST, "12345678906", HOUR));
    }

    private static TokenIssuer at(Instant now) {
        return new TokenIssuer(KEY, Clock.fixed(now, ZoneOffset.UTC), HOUR);
    }

    private static AccessToken valid(TokenVerification verification) {
        return assertInstanceOf(Valid.class, verification, () -> "expected a valid token, got " + verification).token();
    }

    private static Reason reason(TokenVerification verification) {
        return assertInstanceOf(Invalid.class, verification, () -> "expected an invalid token, got " + verification)
                .reason();
    }

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
