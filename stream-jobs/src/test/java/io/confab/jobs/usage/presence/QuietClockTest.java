package io.confab.jobs.usage.presence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuietClockTest {

    private static final long QUIET = 60_000;
    private static final long TICK = 1_000;
    private static final long WALL = 1_800_000_000_000L;
    private static final long TODAY = 1_790_000_000_000L;
    private static final long REPLAY = TODAY - 20 * 86_400_000L;

    private final QuietClock clock = new QuietClock(QUIET, TICK);
    private long wall = WALL;

    private void runFor(long millis) {
        for (long ran = 0; ran < millis; ran += TICK) {
            wall += TICK;
            clock.tick(wall);
        }
    }

    @Test
    void runningTimeCountsAPauseOfTheTaskAsTwoTicksAtMost() {
        clock.start(wall);
        runFor(10_000);
        assertEquals(WALL + 10_000, clock.running(wall));
        wall += 5 * 60_000;
        clock.tick(wall);
        assertEquals(WALL + 12_000, clock.running(wall), "five minutes without a tick count as two ticks");
        wall -= 1_000;
        clock.tick(wall);
        assertEquals(WALL + 12_000, clock.running(wall), "a wall clock stepped back does not move it back");
    }

    @Test
    void aMeetingIsQuietAfterQuietOfRunningTimeSinceItsLastEventOrTheStart() {
        clock.start(wall);
        long restoredTouch = WALL - 10 * 60_000;    // written by the process before a restart
        runFor(QUIET - TICK);
        assertFalse(clock.quiet(restoredTouch), "never quiet within usage.quiet of the task's start");
        runFor(TICK);
        assertTrue(clock.quiet(restoredTouch));
        long touched = clock.running(wall);
        runFor(30_000);
        wall += 10 * 60_000;                       // a stalled commit
        clock.tick(wall);
        assertFalse(clock.quiet(touched), "32 s of running time, whatever the wall clock says");
        runFor(28_000);
        assertTrue(clock.quiet(touched));
    }

    @Test
    void quietMeetingsMoveOnTheStreamsPresentWhileEventsFlowAndOnTheNewestOnceIdle() {
        clock.start(wall);
        assertEquals(TODAY, clock.present(TODAY), "nothing processed yet");
        for (int s = 0; s < 90; s++) {
            clock.processed(REPLAY + s * 1_000L);
            runFor(TICK);
        }
        assertEquals(REPLAY + 89_000, clock.present(TODAY), "the replay's newest, not today");
        clock.processed(REPLAY - 3_600_000);       // a late event does not move the present back
        assertEquals(REPLAY + 89_000, clock.present(TODAY));
        runFor(QUIET - TICK);
        assertEquals(REPLAY + 89_000, clock.present(TODAY));
        runFor(TICK);
        assertEquals(TODAY, clock.present(TODAY), "idle for usage.quiet: the task's newest");
    }

    @Test
    void thePresentForgetsEventsOlderThanTwoQuietSpans() {
        clock.start(wall);
        clock.processed(REPLAY + 500_000);
        runFor(QUIET + QUIET / 2);
        clock.processed(REPLAY + 1_000);
        runFor(QUIET / 2);
        clock.processed(REPLAY + 2_000);
        assertEquals(REPLAY + 2_000, clock.present(TODAY), "the event of two spans ago no longer counts");
        assertEquals(REPLAY + 2_000, clock.present(REPLAY + 1_500 + 500), "never past the newest");
        assertEquals(REPLAY, clock.present(REPLAY), "never past the newest");
    }

    /**
     * After a set-up the clock starts at the first wall time the fold gives it (an event's or a tick's):
     * Kafka Streams' context holds no wall time while a task is set up (0 for a new task).
     */
    @Test
    void aSetUpStartsRunningTimeAtTheFirstEventOrTickAfterIt() {
        clock.start(0);                             // what starting at a new task's set-up gave
        runFor(3_600_000);
        long touchedBeforeRestart = clock.running(wall);
        clock.restart();
        assertEquals(wall, clock.running(wall), "the first event after the set-up starts it at its wall time");
        long restoredTouch = wall - 60_000;         // a ledger restored from a process killed a minute ago
        runFor(QUIET - TICK);
        assertFalse(clock.quiet(restoredTouch), "never quiet within usage.quiet of the start");
        runFor(TICK);
        assertTrue(clock.quiet(restoredTouch) && clock.quiet(touchedBeforeRestart),
                "quiet after usage.quiet of this process's running time, however long the one before ran");

        clock.restart();
        long setUpAt = wall;
        runFor(TICK);
        assertEquals(setUpAt + TICK, clock.running(wall), "or the first tick, which adds nothing itself");
        runFor(TICK);
        assertEquals(setUpAt + 2 * TICK, clock.running(wall));
    }

    @Test
    void refusesASpanThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new QuietClock(0, TICK));
        assertThrows(IllegalArgumentException.class, () -> new QuietClock(QUIET, 0));
    }
}
