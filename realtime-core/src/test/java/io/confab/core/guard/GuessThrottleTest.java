package io.confab.core.guard;

import io.confab.core.testing.ReferenceDefaults;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuessThrottleTest {

    private static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");
    private static final GuessKey ADDRESS = GuessKey.source("203.0.113.7");
    private static final GuessKey MEETING = GuessKey.meeting("12345678901");
    private static final GuessKey PAIR = GuessKey.passcode("203.0.113.7", "12345678901").get(2);

    private final GuessThrottle throttle = ReferenceDefaults.config().guesses().throttle();

    @Test
    void theSixthWrongPasscodeInAMinuteIsThrottled() {
        List<GuessKey> keys = GuessKey.passcode("203.0.113.7", "12345678901");
        GuessKey pair = new GuessKey(GuessKey.Scope.MEETING_FROM_SOURCE, "12345678901 from 203.0.113.7");
        assertEquals(List.of(ADDRESS, MEETING, pair), keys);
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(10L * i);
            assertEquals(GuessVerdict.ALLOWED, throttle.check(keys, at), "guess " + (i + 1) + " is checked");
            List<Lockout> started = throttle.failed(keys, at);
            assertEquals(i == 4 ? List.of(new Lockout(pair, 5, Duration.ofMinutes(1))) : List.of(), started,
                    "the fifth wrong guess starts the lockout of this meeting from this address, and only it");
        }
        GuessVerdict sixth = throttle.check(keys, T0.plusSeconds(41));
        GuessVerdict.Throttled refused = assertInstanceOf(GuessVerdict.Throttled.class, sixth);
        assertEquals(pair, refused.key());
        assertEquals(Duration.ofSeconds(59), refused.retryAfter());
        assertEquals("too many wrong attempts for this meeting from your address; try again in 59 s", refused.message());
        assertEquals(GuessVerdict.ALLOWED, throttle.check(GuessKey.passcode("198.51.100.9", "12345678901"), T0.plusSeconds(41)),
                "another address may still join the meeting: one guesser does not lock everyone out");
        assertEquals(GuessVerdict.ALLOWED, throttle.check(GuessKey.passcode("203.0.113.7", "98765432109"), T0.plusSeconds(41)),
                "nor is the address locked out of other meetings");
        assertEquals(GuessVerdict.ALLOWED, throttle.check(keys, T0.plusSeconds(100)), "the lockout ends after a minute");
    }

    @Test
    void attemptsRefusedWhileLockedOutCountAgainstTheAddressUntilItIsLockedOutItself() {
        List<GuessKey> keys = GuessKey.passcode("203.0.113.7", "12345678901");
        for (int i = 0; i < 5; i++) {
            throttle.failed(keys, T0.plusSeconds(i));
        }
        for (int i = 0; i < 14; i++) {
            Instant at = T0.plusSeconds(5 + i);
            assertEquals(PAIR, assertInstanceOf(GuessVerdict.Throttled.class, throttle.check(keys, at)).key());
            assertEquals(List.of(), throttle.refused(keys, at), "refusal " + (i + 1) + ": 5 + " + (i + 1) + " attempts, under 20");
        }
        assertEquals(GuessVerdict.ALLOWED, throttle.check(GuessKey.passcode("203.0.113.7", "98765432109"), T0.plusSeconds(19)),
                "19 attempts: the address may still join other meetings");
        assertEquals(List.of(new Lockout(ADDRESS, 20, Duration.ofMinutes(1))), throttle.refused(keys, T0.plusSeconds(19)),
                "the 20th attempt in a minute, refused or not, locks the address out");
        GuessVerdict.Throttled everywhere = assertInstanceOf(GuessVerdict.Throttled.class,
                throttle.check(GuessKey.passcode("203.0.113.7", "98765432109"), T0.plusSeconds(20)));
        assertEquals(ADDRESS, everywhere.key());
        for (int i = 0; i < 50; i++) {
            assertEquals(List.of(), throttle.refused(keys, T0.plusSeconds(20 + i)),
                    "refusals while the address itself is locked out neither count nor lengthen its lockout");
        }
        assertEquals(GuessVerdict.ALLOWED, throttle.check(GuessKey.passcode("203.0.113.7", "98765432109"), T0.plusSeconds(80)),
                "the address's lockout ends a minute after it began, as before");
    }

    @Test
    void refusalsCountOnlyAgainstTheAddressNotTheMeeting() {
        List<GuessKey> keys = GuessKey.passcode("203.0.113.7", "12345678901");
        for (int i = 0; i < 5; i++) {
            throttle.failed(keys, T0.plusSeconds(i));
        }
        for (int i = 0; i < 14; i++) {
            throttle.refused(keys, T0.plusSeconds(5 + i));
        }
        // 5 wrong guesses reached the meeting's own count (30 from anywhere): refusals did not add to it.
        for (int i = 0; i < 24; i++) {
            throttle.failed(GuessKey.passcode("10.0.0." + (i + 1), "12345678901"), T0.plusSeconds(20));
        }
        assertEquals(GuessVerdict.ALLOWED, throttle.check(GuessKey.passcode("192.0.2.1", "12345678901"), T0.plusSeconds(21)),
                "29 wrong guesses from anywhere: the meeting is not locked");
    }

    @Test
    void guessersSpreadOverManyAddressesLockTheMeetingAfterThirtyInAMinute() {
        for (int i = 0; i < 30; i++) {
            List<GuessKey> keys = GuessKey.passcode("10.0." + (i / 250) + "." + (i % 250 + 1), "12345678901");
            assertEquals(GuessVerdict.ALLOWED, throttle.check(keys, T0.plusSeconds(i)), "guess " + (i + 1));
            throttle.failed(keys, T0.plusSeconds(i));
        }
        GuessVerdict.Throttled refused = assertInstanceOf(GuessVerdict.Throttled.class,
                throttle.check(GuessKey.passcode("192.0.2.1", "12345678901"), T0.plusSeconds(30)));
        assertEquals(MEETING, refused.key());
        assertEquals("too many wrong attempts for this meeting; try again in 59 s", refused.message());
    }

    @Test
    void fiveWrongGuessesSpreadOverMoreThanTheWindowLockNothing() {
        List<GuessKey> keys = GuessKey.passcode("203.0.113.7", "12345678901");
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(), throttle.failed(keys, T0.plusSeconds(16L * i)), "guess " + (i + 1));
        }
        assertEquals(GuessVerdict.ALLOWED, throttle.check(keys, T0.plusSeconds(160)));
    }

    @Test
    void eachLockoutWithoutAQuietSpellDoublesUpToFifteenMinutes() {
        Instant now = T0;
        List<Duration> lengths = new ArrayList<>();
        for (int lockout = 0; lockout < 6; lockout++) {
            Lockout started = null;
            for (int i = 0; i < 5; i++) {
                List<Lockout> out = throttle.failed(List.of(PAIR), now);
                if (!out.isEmpty()) {
                    started = out.get(0);
                }
            }
            lengths.add(started.length());
            now = now.plus(started.length()).plusSeconds(1);
        }
        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(15), Duration.ofMinutes(15)), lengths);
    }

    @Test
    void aQuietSpellAsLongAsTheLongestLockoutForgivesEarlierOnes() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(List.of(PAIR), T0);
        }
        Instant later = T0.plus(Duration.ofMinutes(17));
        Lockout again = null;
        for (int i = 0; i < 5; i++) {
            List<Lockout> out = throttle.failed(List.of(PAIR), later);
            again = out.isEmpty() ? again : out.get(0);
        }
        assertEquals(Duration.ofMinutes(1), again.length());
    }

    @Test
    void oneAddressGuessingAcrossManyMeetingsIsThrottledByItsOwnLimit() {
        for (int i = 0; i < 20; i++) {
            List<GuessKey> keys = GuessKey.passcode("203.0.113.7", "meeting-" + i);
            assertEquals(GuessVerdict.ALLOWED, throttle.check(keys, T0.plusSeconds(i)));
            throttle.failed(keys, T0.plusSeconds(i));
        }
        GuessVerdict.Throttled refused = assertInstanceOf(GuessVerdict.Throttled.class,
                throttle.check(GuessKey.passcode("203.0.113.7", "meeting-20"), T0.plusSeconds(20)));
        assertEquals(ADDRESS, refused.key());
        assertTrue(refused.message().contains("from your address"), refused.message());
    }

    @Test
    void anIpv6HostIsOneSourceForItsWholeSlash64() {
        assertEquals(GuessKey.source("2001:db8:1:2:aaaa::1"), GuessKey.source("2001:db8:1:2:bbbb:cccc:dddd:eeee"));
        assertTrue(!GuessKey.source("2001:db8:1:2::1").equals(GuessKey.source("2001:db8:1:3::1")), "another /64 is another source");
        assertEquals(new GuessKey(GuessKey.Scope.SOURCE_ADDRESS, "203.0.113.7"), GuessKey.source("203.0.113.7"));
    }

    @Test
    void accountKeysIgnoreCaseAndSurroundingSpace() {
        assertEquals(GuessKey.account("Ada@Example.com"), GuessKey.account(" ada@example.com "));
    }

    @Test
    void signingInForgivesTheAccountsEarlierWrongPasswords() {
        List<GuessKey> keys = GuessKey.password("203.0.113.7", "Ada@example.com");
        for (int i = 0; i < 4; i++) {
            throttle.failed(keys, T0);
        }
        throttle.succeeded(keys);
        assertEquals(List.of(), throttle.failed(keys, T0), "the count started again");
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlySeenKeys() {
        GuessThrottle small = new GuessThrottle(ReferenceDefaults.config().guesses().limits(), 3);
        for (int i = 0; i < 10; i++) {
            small.failed(List.of(GuessKey.meeting("m" + i)), T0);
        }
        assertEquals(3, small.size());
    }
}
