package io.confab.jobs.usage.account;

import io.confab.jobs.usage.StateSerde;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A day's peak from its quarters of an hour, against the whole day summed instant by instant. */
class PeakDayTest {

    private static final long DAY = 86_400_000L;

    @Test
    void peakFromQuartersEqualsThePeakOfTheWholeDay() {
        Random random = new Random(16);
        for (int round = 0; round < 200; round++) {
            TreeMap<Long, Integer> whole = new TreeMap<>();
            Map<Integer, PeakQuarter> quarters = new HashMap<>();
            int spans = 1 + random.nextInt(60);
            for (int i = 0; i < spans; i++) {
                // Short and long spans, some sharing instants (leaves count before joins at an instant).
                long start = random.nextInt(96) * PeakDay.QUARTER_MS + random.nextInt(4) * 1000L;
                long end = Math.min(DAY, start + 1000L * (1 + random.nextInt(4)) * (random.nextBoolean() ? 1 : 900));
                change(whole, quarters, start, 1);
                if (end < DAY) {
                    change(whole, quarters, end, -1);
                }
            }
            PeakDay day = new PeakDay();
            quarters.forEach(day::quarter);
            assertEquals(wholeDayPeak(whole), day.peak(), "round " + round);
        }
    }

    @Test
    void dayAndQuarterReadBackAsWritten() {
        Serde<PeakDay> days = StateSerde.of(PeakDay.class, PeakDay.FORMAT);
        Serde<PeakQuarter> quarters = StateSerde.of(PeakQuarter.class, PeakQuarter.FORMAT);
        PeakQuarter quarter = new PeakQuarter();
        quarter.change(1_000, 1);
        quarter.change(2_000, 1);
        quarter.change(3_000, -1);
        PeakQuarter quarterRead = quarters.deserializer().deserialize("t", quarters.serializer().serialize("t", quarter));
        assertEquals(1, quarterRead.sum());
        assertEquals(2, quarterRead.high());
        PeakDay day = new PeakDay();
        day.quarter(0, quarter);
        day.quarter(95, quarterRead);
        day.told(day.peak());
        PeakDay read = days.deserializer().deserialize("t", days.serializer().serialize("t", day));
        assertEquals(3, read.peak(), "2 in the first quarter, 1 still open, 2 more in the last");
        assertEquals(3, read.told());
    }

    @Test
    void aWholeDayFromAnOlderMeterReadsAsADayKeptWhole() {
        Serde<PeakDay> days = StateSerde.of(PeakDay.class, PeakDay.FORMAT);
        PeakDay old = days.deserializer().deserialize("usage-peak-days-changelog",
                "{\"changes\":{\"1000\":1,\"2000\":1,\"3000\":-1,\"5000\":-1},\"told\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, old.told());
        assertTrue(old.whole());
        assertEquals(2, old.peak());
        PeakDay read = days.deserializer().deserialize("t", days.serializer().serialize("t", old));
        assertTrue(read.whole(), "written back in the binary form, still whole");
        assertEquals(2, read.peak());
        assertEquals(2, read.told());
        assertEquals(Map.of(1000L, 1, 2000L, 1, 3000L, -1, 5000L, -1), read.takeChanges());
        assertFalse(read.whole(), "in quarters once its changes are taken");
    }

    /**
     * A new day is kept whole; past the limit its instants move into quarters (as the peak fold does
     * it), and from then on changes go to the quarters. The peak is the whole day's at every step.
     */
    @Test
    void aDayKeptWholeMovesIntoQuartersPastTheLimitWithTheSamePeak() {
        Serde<PeakDay> days = StateSerde.of(PeakDay.class, PeakDay.FORMAT);
        Random random = new Random(18);
        TreeMap<Long, Integer> whole = new TreeMap<>();
        Map<Integer, PeakQuarter> quarters = new HashMap<>();
        PeakDay day = PeakDay.kept();
        boolean moved = false;
        for (int i = 0; i < 3 * PeakDay.WHOLE_LIMIT; i++) {
            long start = random.nextInt(96) * PeakDay.QUARTER_MS + random.nextInt(600) * 1000L;
            long end = Math.min(DAY, start + 1000L * (1 + random.nextInt(7200)));
            for (long[] change : end < DAY ? new long[][]{{start, 1}, {end, -1}} : new long[][]{{start, 1}}) {
                whole.merge(change[0], (int) change[1], Integer::sum);
                if (day.whole()) {
                    day.change(change[0], (int) change[1]);
                } else {
                    quarters.computeIfAbsent(PeakDay.quarterOf(0, change[0]), q -> new PeakQuarter()).change(change[0], (int) change[1]);
                }
            }
            if (day.outgrown()) {
                day.takeChanges().forEach((at, delta) -> quarters.computeIfAbsent(PeakDay.quarterOf(0, at), q -> new PeakQuarter())
                        .change(at, delta));
                moved = true;
            }
            if (!day.whole()) {
                quarters.forEach(day::quarter);
            }
            whole.values().removeIf(delta -> delta == 0);
            assertEquals(wholeDayPeak(whole), day.peak(), "after " + (i + 1) + " presences");
            day = days.deserializer().deserialize("t", days.serializer().serialize("t", day));
            assertEquals(wholeDayPeak(whole), day.peak(), "read back after " + (i + 1) + " presences");
        }
        assertTrue(moved, "the day outgrew its whole form");
    }

    private static void change(TreeMap<Long, Integer> whole, Map<Integer, PeakQuarter> quarters, long at, int delta) {
        whole.merge(at, delta, Integer::sum);
        quarters.computeIfAbsent(PeakDay.quarterOf(0, at), q -> new PeakQuarter()).change(at, delta);
    }

    private static long wholeDayPeak(TreeMap<Long, Integer> changes) {
        long open = 0;
        long peak = 0;
        for (int delta : changes.values()) {
            open += delta;
            peak = Math.max(peak, open);
        }
        return peak;
    }
}
