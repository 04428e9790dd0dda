package io.confab.jobs.usage.account;

import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;

import java.util.Map;
import java.util.TreeMap;

/**
 * One quarter of an hour of an account's day: the change in the number of open presences at each
 * instant in it (+1 at a join, -1 at a leave). {@link PeakDay} keeps only each quarter's
 * {@link #sum} and {@link #high}, so a change rewrites its own quarter and the day's 96 numbers,
 * not every instant of the day.
 */
public final class PeakQuarter {

    /** The state serde's form: each instant and its change, in time order. */
    public static final StateFormat<PeakQuarter> FORMAT = new StateFormat<>() {
        @Override
        public void write(PeakQuarter quarter, StateWriter out) {
            out.writeInt(quarter.changes.size());
            quarter.changes.forEach((at, delta) -> out.writeLong(at).writeInt(delta));
        }

        @Override
        public PeakQuarter read(StateReader in) {
            PeakQuarter quarter = new PeakQuarter();
            for (int i = in.readCount(); i > 0; i--) {
                quarter.changes.put(in.readLong(), in.readInt());
            }
            return quarter;
        }
    };

    private final TreeMap<Long, Integer> changes = new TreeMap<>();

    void change(long at, int delta) {
        int now = changes.merge(at, delta, Integer::sum);
        if (now == 0) {
            changes.remove(at);
        }
    }

    /** The net change over the quarter. */
    int sum() {
        int sum = 0;
        for (int delta : changes.values()) {
            sum += delta;
        }
        return sum;
    }

    /** The highest the running change reaches within the quarter, counted from 0 at its start (so never below 0). */
    int high() {
        int open = 0;
        int high = 0;
        for (Map.Entry<Long, Integer> change : changes.entrySet()) {
            open += change.getValue();
            high = Math.max(high, open);
        }
        return high;
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }
}
