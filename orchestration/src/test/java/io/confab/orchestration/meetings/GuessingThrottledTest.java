package io.confab.orchestration.meetings;

import io.confab.orchestration.SharedPlatform;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guessing passcodes and passwords is throttled (issue #18, item 3) on the real platform: per
 * meeting or email from one address (five a minute), refused with 429 before any Argon2 work, alike
 * for what exists and what does not, without locking others out, and each lockout is audited. The
 * limits per address alone and per target from anywhere are GuessThrottleTest's. Every guess comes from a loopback address
 * of the test's own ({@link ApiClient#fromFreshLoopbackAddress}), so the rest of the run keeps 127.0.0.1's allowance.
 */
@ExtendWith(SharedPlatform.class)
class GuessingThrottledTest {

    private MeetingFixtures fixtures;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        fixtures = new MeetingFixtures(running);
    }

    @Test
    void theSixthWrongPasscodeInAMinuteIsThrottledForThatMeetingAndAudited() {
        MeetingFixtures.Account host = fixtures.signUp("Hana");
        String meeting = fixtures.instantMeeting(host, "right42", MeetingFixtures.open());
        ApiClient guesser = ApiClient.fromFreshLoopbackAddress(fixtures.webUrl);
        for (int i = 1; i <= 5; i++) {
            ApiClient.Answer wrong = guesser.post("/api/meetings/" + meeting + "/join",
                    Map.of("displayName", "Guesser", "passcode", "guess" + i), null);
            assertEquals(404, wrong.status(), "wrong passcode " + i + ": " + wrong);
        }
        ApiClient.Answer sixth = guesser.post("/api/meetings/" + meeting + "/join",
                Map.of("displayName", "Guesser", "passcode", "right42"), null);
        assertEquals(429, sixth.status(), "the sixth attempt in a minute, even with the right passcode: " + sixth);
        assertEquals("RATE_LIMITED", sixth.error());
        assertTrue(sixth.message().startsWith("too many wrong attempts for this meeting from your address; try again in "),
                sixth.message());
        long retryAfter = Long.parseLong(sixth.headers().getOrDefault("retry-after", "0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After within the first one-minute lockout: " + sixth);

        ApiClient.Answer elsewhere = ApiClient.fromFreshLoopbackAddress(fixtures.webUrl).post("/api/meetings/" + meeting + "/join",
                Map.of("displayName", "Ana", "passcode", "right42"), null);
        assertEquals(200, elsewhere.status(), "one guesser does not lock the meeting's people out: " + elsewhere);
        String other = fixtures.instantMeeting(host, "other42", MeetingFixtures.open());
        ApiClient.Answer otherMeeting = guesser.post("/api/meetings/" + other + "/join",
                Map.of("displayName", "Guesser", "passcode", "other42"), null);
        assertEquals(200, otherMeeting.status(), "five wrong guesses do not lock the address out of other meetings: " + otherMeeting);

        List<AuditEntry> lockouts = MeetingEventLog.audit(fixtures.kafka,
                e -> e.getAction().equals("meeting.join")
                        && e.getTarget().equals("meeting_from_source:" + meeting + " from " + guesser.address())
                        && e.getDetail() != null && e.getDetail().contains("locked out"), 1);
        assertEquals(AuditOutcome.DENIED, lockouts.get(0).getOutcome());
        assertEquals(guesser.address(), lockouts.get(0).getSourceAddress());
    }

    @Test
    void aMeetingThatDoesNotExistIsThrottledAlike() {
        String unused = io.confab.core.meetings.MeetingId.generate(new java.security.SecureRandom()).digits();
        ApiClient guesser = ApiClient.fromFreshLoopbackAddress(fixtures.webUrl);
        for (int i = 1; i <= 5; i++) {
            assertEquals(404, guesser.post("/api/meetings/" + unused + "/join",
                    Map.of("displayName", "Guesser", "passcode", "guess" + i), null).status(), "guess " + i);
        }
        ApiClient.Answer sixth = guesser.post("/api/meetings/" + unused + "/join", Map.of("displayName", "Guesser", "passcode", "guess6"), null);
        assertEquals(429, sixth.status(), sixth.toString());
        assertTrue(sixth.message().startsWith("too many wrong attempts for this meeting from your address; try again in "),
                sixth.message());
    }

    @Test
    void theSixthWrongPasswordForAnEmailIsThrottledKnownOrNot() {
        MeetingFixtures.Account account = fixtures.signUp("Ivo");
        String email = fixtures.api.get("/api/me", account.token()).body().path("email").asText();
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        for (String who : List.of(email, unknown)) {
            ApiClient guesser = ApiClient.fromFreshLoopbackAddress(fixtures.webUrl);
            for (int i = 1; i <= 5; i++) {
                ApiClient.Answer wrong = guesser.post("/api/auth/signin", Map.of("email", who, "password", "wrong password " + i), null);
                assertEquals(401, wrong.status(), who + ", wrong password " + i + ": " + wrong);
            }
            ApiClient.Answer sixth = guesser.post("/api/auth/signin", Map.of("email", who, "password", "a long passphrase"), null);
            assertEquals(429, sixth.status(), who + ": the sixth attempt, even with the right password: " + sixth);
            assertTrue(sixth.message().startsWith("too many wrong attempts for this email from your address; try again in "),
                    sixth.message());
            assertTrue(sixth.headers().containsKey("retry-after"), sixth.toString());
        }
    }
}
