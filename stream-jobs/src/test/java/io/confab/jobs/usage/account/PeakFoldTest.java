package io.confab.jobs.usage.account;

import io.confab.jobs.usage.StateSerde;
import io.confab.jobs.usage.UsageIds;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peak fold takes one account's span changes of a commit as one batch and tells each day's
 * peak once per batch, as its last value: the days and quarters it keeps are those it would keep
 * change by change.
 */
class PeakFoldTest {

    private static final String ACCOUNT = "acct-1";
    private static final long DAY = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private static final long NOON = DAY + 12 * 3_600_000L;

    @Test
    void tellsEachDaysPeakOncePerBatchAsItsLastValue() {
        MockProcessorContext<String, UsageRecord> context = context();
        PeakFold fold = new PeakFold(Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC));
        fold.init(context);

        // Five presences that overlap: the peak rises at every join, and the batch tells only 5.
        List<PresenceChange> overlapping = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            overlapping.add(span("p" + i, NOON + i * 1_000, NOON + 600_000));
        }
        fold.process(batch(overlapping));
        assertEquals(List.of(5L), peaksTold(context), "one record for the day, its last value");
        assertEquals(UsageIds.of(ACCOUNT, UsageMetric.PEAK_PARTICIPANTS, DAY), context.forwarded().get(0).record().value().getRecordId());

        // A batch that leaves the peak where it was tells nothing.
        context.resetForwards();
        fold.process(batch(List.of(span("later", NOON + 3_600_000, NOON + 3_700_000))));
        assertEquals(List.of(), peaksTold(context));

        // A batch touching two days: one record for each day whose peak moved, the first day still 5.
        context.resetForwards();
        fold.process(batch(List.of(span("late", DAY + 86_400_000L - 60_000, DAY + 86_400_000L + 60_000),
                span("next", DAY + 86_400_000L + 1_000, DAY + 86_400_000L + 30_000))));
        assertEquals(List.of(2L), peaksTold(context), "the next day's peak is 2; the first day's stays 5 and is not told again");
    }

    @Test
    void aBatchThatOutgrowsAWholeDayKeepsWhatChangeByChangeWouldKeep() {
        // 300 presences of 50.5 s, one every second (600 instants, so the day moves into quarters
        // within the batch), then every tenth cut short to 10 s.
        List<PresenceChange> changes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            changes.add(span("p" + i, NOON + i * 1_000L, NOON + i * 1_000L + 50_500));
        }
        for (int i = 0; i < 300; i += 10) {
            long start = NOON + i * 1_000L;
            changes.add(new PresenceChange(ACCOUNT, "p" + i, start, start + 50_500, start, start + 10_000));
        }
        long expected = largestOverlap(changes);

        MockProcessorContext<String, UsageRecord> together = context();
        PeakFold batched = new PeakFold(Clock.systemUTC());
        batched.init(together);
        batched.process(batch(changes));

        MockProcessorContext<String, UsageRecord> apart = context();
        PeakFold oneByOne = new PeakFold(Clock.systemUTC());
        oneByOne.init(apart);
        for (PresenceChange change : changes) {
            oneByOne.process(batch(List.of(change)));
        }

        assertEquals(List.of(expected), peaksTold(together), "the batch tells the day once, its final peak");
        List<Long> told = peaksTold(apart);
        assertEquals(expected, told.get(told.size() - 1), "change by change ends at the same peak: " + told);
        assertTrue(told.size() > 1, "change by change told every rise and fall: " + told);

        PeakDay day = days(together).get(ACCOUNT + "|" + DAY);
        assertFalse(day.whole(), "the day moved into quarters");
        assertEquals(expected, day.peak());
        assertEquals(bytes(days(apart).get(ACCOUNT + "|" + DAY)), bytes(day), "the same day kept both ways");
        for (int q = 0; q < PeakDay.QUARTERS; q++) {
            String key = ACCOUNT + "|" + DAY + "|" + q;
            PeakQuarter a = quarters(together).get(key);
            PeakQuarter b = quarters(apart).get(key);
            assertEquals(b == null ? null : bytes(b), a == null ? null : bytes(a), "quarter " + q);
        }
    }

    private static String bytes(PeakDay day) {
        return java.util.HexFormat.of().formatHex(StateSerde.of(PeakDay.class, PeakDay.FORMAT).serializer().serialize("t", day));
    }

    private static String bytes(PeakQuarter quarter) {
        return java.util.HexFormat.of().formatHex(StateSerde.of(PeakQuarter.class, PeakQuarter.FORMAT).serializer().serialize("t", quarter));
    }

    /** The most presences open at once, counted at every instant: each presence's last span, [start, end). */
    private static long largestOverlap(List<PresenceChange> changes) {
        java.util.Map<String, PresenceChange> last = new java.util.HashMap<>();
        changes.forEach(change -> last.put(change.presence(), change));
        long largest = 0;
        for (PresenceChange at : last.values()) {
            long t = at.newStart();
            largest = Math.max(largest, last.values().stream().filter(c -> c.newStart() <= t && t < c.newEnd()).count());
        }
        return largest;
    }

    private static PresenceChange span(String presence, long start, long end) {
        return new PresenceChange(ACCOUNT, presence, -1, -1, start, end);
    }

    private static Record<String, PresenceChanges> batch(List<PresenceChange> changes) {
        return new Record<>(ACCOUNT, new PresenceChanges(ACCOUNT, changes), NOON);
    }

    private static List<Long> peaksTold(MockProcessorContext<String, UsageRecord> context) {
        List<Long> peaks = new ArrayList<>();
        context.forwarded().forEach(forwarded -> {
            assertEquals(UsageMetric.PEAK_PARTICIPANTS, forwarded.record().value().getMetric());
            peaks.add(forwarded.record().value().getQuantity());
        });
        return peaks;
    }

    private static KeyValueStore<String, PeakDay> days(MockProcessorContext<String, UsageRecord> context) {
        return context.getStateStore(PeakFold.PEAK_DAYS);
    }

    private static KeyValueStore<String, PeakQuarter> quarters(MockProcessorContext<String, UsageRecord> context) {
        return context.getStateStore(PeakFold.PEAK_QUARTERS);
    }

    private static MockProcessorContext<String, UsageRecord> context() {
        MockProcessorContext<String, UsageRecord> context = new MockProcessorContext<>();
        store(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PeakFold.PEAK_DAYS), Serdes.String(),
                StateSerde.of(PeakDay.class, PeakDay.FORMAT)).withLoggingDisabled().build());
        store(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PeakFold.PEAK_QUARTERS), Serdes.String(),
                StateSerde.of(PeakQuarter.class, PeakQuarter.FORMAT)).withLoggingDisabled().build());
        return context;
    }

    private static void store(MockProcessorContext<String, UsageRecord> context, StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
