package io.confab.dataapi.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void doublesFromTwoSecondsOverFiveAttempts() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(2), 5);
        assertEquals(Optional.of(Duration.ofSeconds(2)), schedule.delayAfter(1));
        assertEquals(Optional.of(Duration.ofSeconds(4)), schedule.delayAfter(2));
        assertEquals(Optional.of(Duration.ofSeconds(8)), schedule.delayAfter(3));
        assertEquals(Optional.of(Duration.ofSeconds(16)), schedule.delayAfter(4));
        assertEquals(Optional.empty(), schedule.delayAfter(5), "the fifth attempt is the last");
    }

    @Test
    void oneAttemptMeansNoRetry() {
        assertEquals(Optional.empty(), new RetrySchedule(Duration.ofMillis(10), 1).delayAfter(1));
    }

    @Test
    void refusesANonPositiveDelayOrNoAttempts() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ZERO, 3));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ofSeconds(1), 0));
    }
}
