package io.confab.dataapi.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private final TokenVerifier verifier = new TokenVerifier(Tokens.KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsAUserTokenAsTheMeetingServiceIssuesIt() throws Exception {
        Caller caller = verifier.verifyHeader("Bearer " + Tokens.user("u-1", "a-1", "HOST", NOW.plusSeconds(60)));
        assertEquals("u-1", caller.subject());
        assertEquals("a-1", caller.accountId());
        assertEquals(Caller.Role.HOST, caller.role());
        assertNull(caller.meetingId());
    }

    @Test
    void readsTheMeetingOfAGuestToken() throws Exception {
        Caller caller = verifier.verify(Tokens.guest("p-9", "a-1", "85123456789", NOW.plusSeconds(60)));
        assertEquals(Caller.Role.GUEST, caller.role());
        assertEquals("85123456789", caller.meetingId());
    }

    @Test
    void refusesATokenSignedWithAnotherKey() {
        String forged = Tokens.sign("another key of at least 32 bytes!".getBytes(), "{\"sub\":\"u\",\"acct\":\"a\",\"role\":\"ACCOUNT_OWNER\",\"iat\":1,\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond() + ",\"jti\":\"x\"}");
        assertEquals(TokenVerifier.Reason.BAD_SIGNATURE, assertThrows(TokenVerifier.Refused.class, () -> verifier.verify(forged)).reason());
    }

    @Test
    void refusesAChangedClaimEvenWithTheOriginalSignature() {
        String token = Tokens.user("u-1", "a-1", "PARTICIPANT", NOW.plusSeconds(60));
        String[] parts = token.split("\\.");
        String owner = Tokens.user("u-1", "a-1", "ACCOUNT_OWNER", NOW.plusSeconds(60)).split("\\.")[1];
        assertEquals(TokenVerifier.Reason.BAD_SIGNATURE,
                assertThrows(TokenVerifier.Refused.class, () -> verifier.verify(parts[0] + "." + owner + "." + parts[2])).reason());
    }

    @Test
    void refusesAnExpiredToken() {
        String token = Tokens.user("u-1", "a-1", "HOST", NOW);
        TokenVerifier.Refused refused = assertThrows(TokenVerifier.Refused.class, () -> verifier.verify(token));
        assertEquals(TokenVerifier.Reason.EXPIRED, refused.reason());
    }

    @Test
    void refusesAMissingOrNonBearerHeaderAndGarbage() {
        assertEquals(TokenVerifier.Reason.MISSING, assertThrows(TokenVerifier.Refused.class, () -> verifier.verifyHeader(null)).reason());
        assertEquals(TokenVerifier.Reason.MALFORMED, assertThrows(TokenVerifier.Refused.class, () -> verifier.verifyHeader("Basic abc")).reason());
        assertEquals(TokenVerifier.Reason.MALFORMED, assertThrows(TokenVerifier.Refused.class, () -> verifier.verify("a.b")).reason());
        assertEquals(TokenVerifier.Reason.BAD_SIGNATURE, assertThrows(TokenVerifier.Refused.class, () -> verifier.verify("a.b.c")).reason());
    }

    @Test
    void refusesAGuestTokenWithoutItsMeeting() {
        String token = Tokens.sign(Tokens.KEY, "{\"sub\":\"p\",\"acct\":\"a\",\"role\":\"GUEST\",\"iat\":1,\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond() + ",\"jti\":\"x\"}");
        assertEquals(TokenVerifier.Reason.MALFORMED, assertThrows(TokenVerifier.Refused.class, () -> verifier.verify(token)).reason());
    }
}
