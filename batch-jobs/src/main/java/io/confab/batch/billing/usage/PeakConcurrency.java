package io.confab.batch.billing.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * USAGE.md PEAK_PARTICIPANTS: the most presences open at one instant, leaves counted before joins at
 * equal instants (so a reconnect at the very instant of a drop is not two people).
 */
public final class PeakConcurrency {

    private PeakConcurrency() {
    }

    /** Intervals are [start, end); empty ones count for nothing. */
    public static long of(List<Instant[]> intervals) {
        List<long[]> edges = new ArrayList<>();
        for (Instant[] interval : intervals) {
            if (interval[1].isAfter(interval[0])) {
                edges.add(new long[] {interval[0].toEpochMilli(), +1});
                edges.add(new long[] {interval[1].toEpochMilli(), -1});
            }
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long open = 0;
        long peak = 0;
        for (long[] edge : edges) {
            open += edge[1];
            peak = Math.max(peak, open);
        }
        return peak;
    }
}
