package io.confab.storage.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DaySplitTest {

    @Test
    void aPresenceOverMidnightIsSplitAtZeroHundredUtc() {
        Map<LocalDate, Long> days = DaySplit.of(Instant.parse("2026-11-30T23:45:00Z"), Instant.parse("2026-12-01T00:30:00.250Z"));
        assertEquals(Map.of(LocalDate.of(2026, 11, 30), 15 * 60_000L, LocalDate.of(2026, 12, 1), 30 * 60_000L + 250), days);
    }

    @Test
    void aSpanOverTwoMidnightsHasAWholeDayInTheMiddle() {
        Map<LocalDate, Long> days = DaySplit.of(Instant.parse("2026-11-01T23:00:00Z"), Instant.parse("2026-11-03T01:00:00Z"));
        assertEquals(86_400_000L, days.get(LocalDate.of(2026, 11, 2)));
        assertEquals(List.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3)), List.copyOf(days.keySet()));
    }

    @Test
    void anEmptyOrBackwardSpanHasNoDays() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        assertEquals(Map.of(), DaySplit.of(t, t));
        assertEquals(List.of(), DaySplit.pieces(t.toEpochMilli(), t.toEpochMilli() - 1));
    }

    @Test
    void piecesEndAtMidnightAndTheNextStartsThere() {
        long midnight = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        assertEquals(List.of(new DaySplit.Piece(midnight - DaySplit.DAY_MS, midnight - 1_000, midnight),
                new DaySplit.Piece(midnight, midnight, midnight + 2_000)), DaySplit.pieces(midnight - 1_000, midnight + 2_000));
    }

    @Test
    void instantsBeforeTheEpochFallOnTheirOwnDay() {
        long justBefore = -1L;
        assertEquals(-DaySplit.DAY_MS, DaySplit.dayOf(justBefore));
        assertEquals(LocalDate.of(1969, 12, 31), DaySplit.dayOf(Instant.ofEpochMilli(justBefore)));
    }
}
