package io.confab.orchestration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void anOddNumberOfRunsHasItsMiddleValueAsMedianAndKeepsRunOrder() {
        Spread spread = Spread.of(List.of(42_000.0, 35_000.0, 39_000.0));
        assertEquals(39_000.0, spread.median());
        assertEquals(35_000.0, spread.min());
        assertEquals(42_000.0, spread.max());
        assertEquals(List.of(42_000.0, 35_000.0, 39_000.0), spread.values());
        assertEquals(100.0 * 7_000 / 39_000, spread.rangePercent(), 1e-9);
        assertEquals("39000 (35000-42000, 3 runs)", spread.describe("%.0f"));
    }

    @Test
    void anEvenNumberOfRunsAveragesTheTwoMiddleValues() {
        assertEquals(1.5, Spread.of(List.of(2.0, 1.0, 0.5, 4.0)).median());
    }

    @Test
    void aRunTooShortToMeasureIsLeftOutAndNoMeasurableRunIsNaN() {
        Spread spread = Spread.of(List.of(Double.NaN, 10.0, 20.0));
        assertEquals(15.0, spread.median());
        assertEquals(3, spread.values().size(), "every run is still listed");
        assertTrue(Double.isNaN(Spread.of(List.of(Double.NaN)).median()));
        assertTrue(Double.isNaN(Spread.of(List.of()).rangePercent()));
    }
}
