package io.confab.batch.billing.reconcile;

import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Batch daily totals against the streaming meter's, key by key. Streaming rows are per window and
 * record; they are folded to one total per account, day and metric the way USAGE.md defines the
 * metric (a sum, the maximum for PEAK_PARTICIPANTS). A total of zero on one side and no row on the
 * other agree.
 */
public final class Reconciliation {

    private Reconciliation() {
    }

    public static List<Difference> compare(List<DailyUsage> batch, List<DailyUsage> streamingRows) {
        Map<String, DailyUsage> batchTotals = fold(batch);
        Map<String, DailyUsage> streamingTotals = fold(streamingRows);
        TreeMap<String, DailyUsage> keys = new TreeMap<>(batchTotals);
        streamingTotals.forEach(keys::putIfAbsent);
        List<Difference> differences = new ArrayList<>();
        keys.forEach((key, any) -> {
            long b = batchTotals.containsKey(key) ? batchTotals.get(key).quantity() : 0;
            long s = streamingTotals.containsKey(key) ? streamingTotals.get(key).quantity() : 0;
            if (b != s) {
                differences.add(new Difference(any.accountId(), any.day(), any.metric(), b, s));
            }
        });
        return differences;
    }

    static Map<String, DailyUsage> fold(List<DailyUsage> rows) {
        Map<String, DailyUsage> totals = new TreeMap<>();
        for (DailyUsage row : rows) {
            totals.merge(row.key(), row, (a, b) -> new DailyUsage(a.accountId(), a.day(), a.metric(),
                    a.metric().additive() ? a.quantity() + b.quantity() : Math.max(a.quantity(), b.quantity())));
        }
        return totals;
    }

    /** A metric name from Cassandra, or null for one this version does not know (reported, not guessed). */
    static Metric metric(String name) {
        try {
            return Metric.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean inMonth(LocalDate day, java.time.YearMonth month) {
        return java.time.YearMonth.from(day).equals(month);
    }
}
