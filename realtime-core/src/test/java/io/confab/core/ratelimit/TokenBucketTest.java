package io.confab.core.ratelimit;

import io.confab.core.testing.ReferenceDefaults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final Instant T0 = Instant.parse("2025-03-30T09:00:00Z");

    private static int acceptedAt(TokenBucket bucket, Instant now, int attempts) {
        int accepted = 0;
        for (int i = 0; i < attempts; i++) {
            if (bucket.tryAcquire(now)) {
                accepted++;
            }
        }
        return accepted;
    }

    @Test
    void aFreshConnectionMaySendItsWholeBurstAtOnceAndNoMore() {
        TokenBucket bucket = new TokenBucket(ReferenceDefaults.config().signaling().rate(), T0);

        assertEquals(40, acceptedAt(bucket, T0, 100));
        assertEquals(60, bucket.refused());
    }

    @Test
    void tokensComeBackAtTheSustainedRate() {
        TokenBucket bucket = new TokenBucket(ReferenceDefaults.config().signaling().rate(), T0);
        acceptedAt(bucket, T0, 40);

        assertFalse(bucket.tryAcquire(T0.plusMillis(49)), "less than one token after 49 ms at 20/s");
        assertTrue(bucket.tryAcquire(T0.plusMillis(50)));
        assertEquals(20, acceptedAt(bucket, T0.plusMillis(1050), 100), "one second later: 20 more");
    }

    @Test
    void aLongQuietSpellRefillsOnlyUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(ReferenceDefaults.config().signaling().rate(), T0);
        acceptedAt(bucket, T0, 40);

        assertEquals(40, acceptedAt(bucket, T0.plus(Duration.ofDays(400)), 100));
    }

    @Test
    void aSenderKeepingToTheRateIsNeverRefused() {
        TokenBucket bucket = new TokenBucket(ReferenceDefaults.config().signaling().rate(), T0);
        Instant now = T0;
        for (int i = 0; i < 10_000; i++) {
            now = now.plusMillis(50);
            assertTrue(bucket.tryAcquire(now), "message " + i);
        }
        assertEquals(0, bucket.refused());
    }

    @Test
    void aSteadyFloodAccumulatesRefusalsDespiteTheTrickleLetThroughAndIsFlagged() {
        TokenBucket bucket = new TokenBucket(ReferenceDefaults.config().signaling().rate(), T0);
        Instant now = T0;
        boolean flagged = false;
        int messages = 0;
        // 1,000 messages a second: every refill interval lets one through, which must not reset the count.
        while (!flagged && messages < 10_000) {
            now = now.plusMillis(1);
            bucket.tryAcquire(now);
            messages++;
            flagged = bucket.flooding();
        }
        assertTrue(flagged, "a flood at 50 times the rate is flagged");
        assertTrue(messages < 400, "within half a second of flooding, took " + messages + " messages");
        assertEquals(200, bucket.consecutiveRefusals());
    }

    @Test
    void slowingDownClearsTheRefusalCount() {
        TokenBucket bucket = new TokenBucket(ReferenceDefaults.config().signaling().rate(), T0);
        acceptedAt(bucket, T0, 50);
        assertEquals(10, bucket.consecutiveRefusals());

        assertTrue(bucket.tryAcquire(T0.plusSeconds(2)), "two quiet seconds refill the bucket");

        assertEquals(0, bucket.consecutiveRefusals());
        assertEquals(10, bucket.refused(), "the lifetime count keeps them");
    }

    @Test
    void aClockSteppingBackAddsNoTokensAndTakesNoneAway() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1, 2, 10), T0);
        acceptedAt(bucket, T0, 2);

        assertFalse(bucket.tryAcquire(T0.minusSeconds(30)));
        assertTrue(bucket.tryAcquire(T0.plusSeconds(1)));
    }

    @Test
    void limitsAreValidatedNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RateLimit(0, 40, 200))
                .getMessage().startsWith("perSecond"));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(Double.NaN, 40, 200));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(20, 0, 200));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(20, 40, 0));
        var error = assertThrows(IllegalArgumentException.class, () -> new RateLimit(20, 0, 200));
        assertTrue(error.getMessage().startsWith("burst"), error.getMessage());
    }
}
