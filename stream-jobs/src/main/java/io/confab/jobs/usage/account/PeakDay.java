package io.confab.jobs.usage.account;

import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;

import java.util.Map;
import java.util.TreeMap;

/**
 * One account's presences on one UTC day as a change in the number open at each instant
 * (+1 at a join, -1 at a leave). The peak is the largest running sum after all changes at an
 * instant are applied, which is USAGE.md's "at equal instants leaves count before joins".
 * Changes at the day's end are not kept: that instant is the next day's.
 */
public final class PeakDay {

    /** The state serde's form: the peak told, then each instant and its change. */
    public static final StateFormat<PeakDay> FORMAT = new StateFormat<>() {
        @Override
        public void write(PeakDay day, StateWriter out) {
            out.writeLong(day.told).writeInt(day.changes.size());
            day.changes.forEach((at, delta) -> out.writeLong(at).writeInt(delta));
        }

        @Override
        public PeakDay read(StateReader in) {
            PeakDay day = new PeakDay();
            day.told = in.readLong();
            for (int i = in.readCount(); i > 0; i--) {
                day.changes.put(in.readLong(), in.readInt());
            }
            return day;
        }
    };

    private TreeMap<Long, Integer> changes = new TreeMap<>();
    private long told = -1;

    /** Adds ({@code sign} = 1) or takes out (-1) the part of [start, end) that falls in [day, dayEnd). */
    public void apply(long start, long end, long dayEnd, int sign) {
        if (end <= start) {
            return;
        }
        change(start, sign);
        if (end < dayEnd) {
            change(end, -sign);
        }
    }

    private void change(long at, int delta) {
        changes.merge(at, delta, Integer::sum);
        if (changes.get(at) == 0) {
            changes.remove(at);
        }
    }

    public long peak() {
        long open = 0;
        long peak = 0;
        for (Map.Entry<Long, Integer> change : changes.entrySet()) {
            open += change.getValue();
            peak = Math.max(peak, open);
        }
        return peak;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The peak last sent, or -1. */
    public long told() {
        return told;
    }

    public void told(long peak) {
        this.told = peak;
    }
}
