package io.confab.batch.billing.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeakConcurrencyTest {

    @Test
    void peakCountsLeavesBeforeJoinsAtTheSameInstant() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        // A leaves at the instant B joins: never two at once. C overlaps B.
        assertEquals(2, PeakConcurrency.of(List.of(
                new Instant[] {t, t.plusSeconds(60)},
                new Instant[] {t.plusSeconds(60), t.plusSeconds(120)},
                new Instant[] {t.plusSeconds(90), t.plusSeconds(100)})));
    }
}
