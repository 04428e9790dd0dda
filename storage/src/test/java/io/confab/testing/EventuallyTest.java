package io.confab.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventuallyTest {

    private static final Eventually LONG = Eventually.within(Duration.ofSeconds(30)).every(Duration.ZERO);
    private static final Eventually SHORT = Eventually.within(Duration.ofMillis(50)).every(Duration.ofMillis(5));

    @Test
    void returnsTheFirstAcceptedValueWithoutLookingAgain() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        assertEquals(3, LONG.until("the third read", reads::incrementAndGet, n -> n >= 3));
        assertEquals(3, reads.get());
    }

    @Test
    void aConditionThatHoldsAtOnceIsReadOnce() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        LONG.until("anything", () -> reads.incrementAndGet() > 0);
        assertEquals(1, reads.get());
        assertTrue(LONG.holds(() -> true));
    }

    @Test
    void failsNamingWhatItWaitedForAndTheLastValue() {
        AtomicInteger reads = new AtomicInteger();
        AssertionError error = assertThrows(AssertionError.class,
                () -> SHORT.until("the counter to reach a million", reads::incrementAndGet, n -> n >= 1_000_000));
        assertEquals("waited 50 ms for the counter to reach a million; last seen: " + reads.get(), error.getMessage());
        assertTrue(reads.get() >= 2, "looked more than once: " + reads.get());
    }

    @Test
    void aConditionThatNeverHoldsIsFalseAfterTheTimeout() throws Exception {
        assertFalse(SHORT.holds(() -> false));
        assertThrows(AssertionError.class, () -> SHORT.until("never", () -> false));
    }

    @Test
    void aFailingProbeStopsTheWaitWithItsCause() {
        IllegalStateException broken = new IllegalStateException("broken");
        assertSame(broken, assertThrows(IllegalStateException.class, () -> LONG.until("x", () -> {
            throw broken;
        })));
        IOException unreachable = new IOException("connection refused");
        AssertionError error = assertThrows(AssertionError.class, () -> LONG.until("the stats", () -> {
            throw unreachable;
        }));
        assertSame(unreachable, error.getCause());
        assertTrue(error.getMessage().contains("the stats"), error.getMessage());
    }

    @Test
    void refusesANegativeTimeout() {
        assertThrows(IllegalArgumentException.class, () -> Eventually.within(Duration.ofSeconds(-1)));
    }
}
