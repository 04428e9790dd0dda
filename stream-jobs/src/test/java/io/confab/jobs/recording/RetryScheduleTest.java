package io.confab.jobs.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.recording.post.PostProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static List<Duration> seconds(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
    }

    @Test
    void theWaitDoublesFromTheFirstAndTheLastAttemptIsFollowedByNone() {
        RetrySchedule schedule = new RetrySchedule(6, Duration.ofSeconds(2));
        assertEquals(seconds(2, 4, 8, 16, 32), schedule.waits());
        assertEquals(Duration.ofSeconds(2), schedule.waitAfter(1));
        assertEquals(Duration.ofSeconds(32), schedule.waitAfter(5));
        assertFalse(schedule.givesUpAfter(5));
        assertTrue(schedule.givesUpAfter(6));
        assertThrows(IllegalArgumentException.class, () -> schedule.waitAfter(6), "the sixth failure is the last");
    }

    @Test
    void theOperatorsSchedulesAreTheOnesTheirReadmeStates() {
        // stream-jobs/README.md "Finalizing": 2, 4, 8, 16, 32 s and 6 attempts, the same on the mixer's timer.
        assertEquals(seconds(2, 4, 8, 16, 32), RecordingFinisher.RETRIES.waits());
        assertEquals(RecordingFinisher.RETRIES, RecordingMixer.RENDER_RETRIES);
        // "Post-processing": after 5, 10, 20 and 40 s, and given up after the fifth.
        assertEquals(seconds(5, 10, 20, 40), PostProcessor.RETRIES.waits());
        assertTrue(PostProcessor.RETRIES.givesUpAfter(5));
    }

    @Test
    void aSingleAttemptIsGivenUpAtOnce() {
        RetrySchedule once = new RetrySchedule(1, Duration.ofMillis(1));
        assertEquals(List.of(), once.waits());
        assertTrue(once.givesUpAfter(1));
    }

    @Test
    void nonsenseIsRefusedWithWhatWasWrong() {
        assertEquals("a retry schedule needs at least 1 attempt, not 0",
                assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(0, Duration.ofSeconds(1))).getMessage());
        assertEquals("a retry schedule's first wait must be positive, not PT0S",
                assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(3, Duration.ZERO)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(3, Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> new RetrySchedule(3, null));
        RetrySchedule schedule = new RetrySchedule(3, Duration.ofSeconds(1));
        assertEquals("attempts are counted from 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> schedule.givesUpAfter(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> schedule.waitAfter(0));
    }
}
