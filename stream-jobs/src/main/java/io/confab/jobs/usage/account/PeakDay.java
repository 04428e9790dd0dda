package io.confab.jobs.usage.account;

import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;

import java.util.Map;
import java.util.TreeMap;

/**
 * One account's presences on one UTC day, for PEAK_PARTICIPANTS. The peak is the largest running
 * sum of the changes in open presences (+1 at a join, -1 at a leave) after all changes at an
 * instant are applied, which is USAGE.md's "at equal instants leaves count before joins"; changes
 * at the day's end are not kept: that instant is the next day's.
 *
 * <p>Two forms. A small day is kept whole: its changes at each instant, in this one record, so a
 * presence rewrites one small record. Past {@link #WHOLE_LIMIT} instants it moves into quarters of
 * an hour for good: per quarter, the net change and the highest running change within it
 * ({@link PeakQuarter} holds the instants), so a presence rewrites its quarters and the day's 96
 * pairs instead of every instant of a large day, which was quadratic in the account's presences
 * (a 500-meeting account-day metered at a quarter of the speed of 100 small accounts). Quarters
 * alone were slower for small days (two to four quarters and the day written per presence where
 * one small day would do), hence both.
 */
public final class PeakDay {

    public static final int QUARTERS = 96;
    public static final long QUARTER_MS = 900_000;
    /**
     * Instants a day keeps whole before it moves into quarters: about 64 presences; the whole day's
     * record is then about 1 KB, and the quarters' records together about as large.
     */
    public static final int WHOLE_LIMIT = 128;

    /**
     * The state serde's form: the peak told, then a number n. A day in quarters: n >= 0 quarters
     * that have changes, each its number, sum and high. A day kept whole: n = -1 - k, then its k
     * instants in time order, each the time and its change.
     */
    public static final StateFormat<PeakDay> FORMAT = new StateFormat<>() {
        @Override
        public void write(PeakDay day, StateWriter out) {
            out.writeLong(day.told);
            if (day.changes != null) {
                out.writeInt(-1 - day.changes.size());
                day.changes.forEach((at, delta) -> out.writeLong(at).writeInt(delta));
                return;
            }
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
            int n = in.readInt();
            if (n < 0) {
                day.changes = new TreeMap<>();
                for (int i = -1 - n; i > 0; i--) {
                    day.changes.put(in.readLong(), in.readInt());
                }
                return day;
            }
            if (n > QUARTERS) {
                throw new IllegalArgumentException(n + " quarters in a day of " + QUARTERS);
            }
            for (int i = n; i > 0; i--) {
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
     * A day kept whole: its change at each instant; null once the day is in quarters. A day that a
     * meter before quarters kept (JSON in the changelog) reads as a day kept whole.
     */
    private TreeMap<Long, Integer> changes;

    /** A day in quarters, empty. */
    public PeakDay() {
    }

    /** A new day, kept whole until it grows past {@link #WHOLE_LIMIT} instants. */
    public static PeakDay kept() {
        PeakDay day = new PeakDay();
        day.changes = new TreeMap<>();
        return day;
    }

    /** The quarter of the day (its first millisecond {@code day}) that {@code at} falls in. */
    public static int quarterOf(long day, long at) {
        return (int) ((at - day) / QUARTER_MS);
    }

    /** Whether the day is kept whole (its changes here), not in quarters. */
    boolean whole() {
        return changes != null;
    }

    /** A change at an instant of a day kept whole. */
    void change(long at, int delta) {
        int now = changes.merge(at, delta, Integer::sum);
        if (now == 0) {
            changes.remove(at);
        }
    }

    /** Whether a day kept whole has grown past {@link #WHOLE_LIMIT} instants. */
    boolean outgrown() {
        return changes != null && changes.size() > WHOLE_LIMIT;
    }

    /** The changes of a day kept whole, handed over once as it moves into quarters (the day is in quarters after). */
    Map<Long, Integer> takeChanges() {
        Map<Long, Integer> whole = changes == null ? Map.of() : changes;
        changes = null;
        return whole;
    }

    void quarter(int q, PeakQuarter quarter) {
        sums[q] = quarter.sum();
        highs[q] = quarter.high();
    }

    public long peak() {
        long open = 0;
        long peak = 0;
        if (changes != null) {
            for (int delta : changes.values()) {
                open += delta;
                peak = Math.max(peak, open);
            }
            return peak;
        }
        for (int q = 0; q < QUARTERS; q++) {
            peak = Math.max(peak, open + highs[q]);
            open += sums[q];
        }
        return peak;
    }

    /** The peak last sent, or -1. */
    public long told() {
        return told;
    }

    public void told(long peak) {
        this.told = peak;
    }
}
