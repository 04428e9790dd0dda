package io.confab.jobs.usage.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeRulesTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void theOldestMeteredIsTheFirstOfTheMonthBefore() {
        assertEquals(at("2026-11-01T00:00:00Z"), TimeRules.oldestMetered(at("2026-12-06T04:30:00Z")));
        assertEquals(at("2026-11-01T00:00:00Z"), TimeRules.oldestMetered(at("2026-12-01T00:00:00Z")));
        assertEquals(at("2026-10-01T00:00:00Z"), TimeRules.oldestMetered(at("2026-11-30T23:59:59.999Z")));
        assertEquals(at("2025-12-01T00:00:00Z"), TimeRules.oldestMetered(at("2026-01-15T12:00:00Z")));
    }

    @Test
    void theKeptAnswerFollowsTheDayAskedWhicheverOrder() {
        // Alternating days must not hand one day's kept answer to the other.
        for (int i = 0; i < 3; i++) {
            assertEquals(at("2026-10-01T00:00:00Z"), TimeRules.oldestMetered(at("2026-11-30T23:00:00Z")));
            assertEquals(at("2026-11-01T00:00:00Z"), TimeRules.oldestMetered(at("2026-12-01T01:00:00Z")));
            assertEquals(at("2026-11-01T00:00:00Z"), TimeRules.oldestMetered(Instant.parse("2026-12-31T23:59:59Z")));
            assertEquals(at("2026-12-01T00:00:00Z"), TimeRules.oldestMetered(at("2027-01-01T00:00:00Z")));
        }
    }

    @Test
    void aProblemNamesTheLimitItCrossed() {
        TimeRules rules = new TimeRules(Duration.ofHours(24));
        long wall = at("2026-12-06T04:30:00Z");
        assertNull(rules.problem(at("2026-11-01T00:00:00Z"), Long.MIN_VALUE, wall));
        assertNull(rules.problem(wall + Duration.ofHours(24).toMillis(), Long.MIN_VALUE, wall));
        String early = rules.problem(at("2026-10-31T23:59:59.999Z"), Long.MIN_VALUE, wall);
        assertTrue(early.contains("before 2026-11-01T00:00:00Z"), early);
        String future = rules.problem(wall + Duration.ofHours(25).toMillis(), Long.MIN_VALUE, wall);
        assertTrue(future.contains("usage.max-skew"), future);
        // The newest event time seen moves the future limit when it is ahead of the wall clock.
        assertNull(rules.problem(wall + Duration.ofHours(25).toMillis(), wall + Duration.ofHours(2).toMillis(), wall));
    }
}
