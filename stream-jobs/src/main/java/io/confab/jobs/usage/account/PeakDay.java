package io.confab.jobs.usage.account;

import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;

import java.util.Map;
import java.util.TreeMap;

/**
 * One account's presences on one UTC day, for PEAK_PARTICIPANTS: per quarter of an hour, the net
 * change in open presences and the highest running change within it ({@link PeakQuarter} holds the
 * instants). The peak is the largest running sum after all changes at an instant are applied,
 * which is USAGE.md's "at equal instants leaves count before joins"; changes at the day's end are
 * not kept: that instant is the next day's.
 *
 * <p>Quarters, because a day kept whole was read, summed and rewritten on every presence of the
 * account that day: quadratic in the account's presences (a 500-meeting account-day metered at a
 * quarter of the speed of 100 small accounts).
 */
public final class PeakDay {

    public static final int QUARTERS = 96;
    public static final long QUARTER_MS = 900_000;

    /** The state serde's form: the peak told, then each quarter that has changes: its number, sum and high. */
    public static final StateFormat<PeakDay> FORMAT = new StateFormat<>() {
        @Override
        public void write(PeakDay day, StateWriter out) {
            if (day.changes != null && !day.changes.isEmpty()) {
                throw new IllegalStateException("a day read from an older meter's JSON is written only after PeakFold moved its changes into quarters");
            }
            out.writeLong(day.told);
            int used = 0;
            for (int q = 0; q < QUARTERS; q++) {
                used += day.sums[q] != 0 || day.highs[q] != 0 ? 1 : 0;
            }
            out.writeInt(used);
            for (int q = 0; q < QUARTERS; q++) {
                if (day.sums[q] != 0 || day.highs[q] != 0) {
                    out.writeInt(q).writeInt(day.sums[q]).writeInt(day.highs[q]);
                }
            }
        }

        @Override
        public PeakDay read(StateReader in) {
            PeakDay day = new PeakDay();
            day.told = in.readLong();
            for (int i = in.readCount(); i > 0; i--) {
                int q = in.readInt();
                if (q < 0 || q >= QUARTERS) {
                    throw new IllegalArgumentException("quarter " + q + " of a day of " + QUARTERS);
                }
                day.sums[q] = in.readInt();
                day.highs[q] = in.readInt();
            }
            return day;
        }
    };

    private final int[] sums = new int[QUARTERS];
    private final int[] highs = new int[QUARTERS];
    private long told = -1;
    /**
     * Only in a day read from the JSON of a meter before quarters: its whole day of changes, which
     * {@link PeakFold} moves into quarters the first time it touches the day.
     */
    private TreeMap<Long, Integer> changes;

    /** The quarter of the day (its first millisecond {@code day}) that {@code at} falls in. */
    public static int quarterOf(long day, long at) {
        return (int) ((at - day) / QUARTER_MS);
    }

    void quarter(int q, PeakQuarter quarter) {
        sums[q] = quarter.sum();
        highs[q] = quarter.high();
    }

    public long peak() {
        long open = 0;
        long peak = 0;
        for (int q = 0; q < QUARTERS; q++) {
            peak = Math.max(peak, open + highs[q]);
            open += sums[q];
        }
        return peak;
    }

    /** The changes of an older meter's whole-day state, handed over once (empty afterwards). */
    Map<Long, Integer> takeOlderChanges() {
        Map<Long, Integer> older = changes == null ? Map.of() : changes;
        changes = null;
        return older;
    }

    /** The peak last sent, or -1. */
    public long told() {
        return told;
    }

    public void told(long peak) {
        this.told = peak;
    }
}
