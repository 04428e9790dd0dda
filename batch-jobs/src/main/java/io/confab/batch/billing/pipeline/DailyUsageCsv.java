package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code usage-daily.csv}: account,day,metric,quantity, sorted; the batch side of a reconciliation. */
public final class DailyUsageCsv {

    private static final String HEADER = "account,day,metric,quantity";

    private DailyUsageCsv() {
    }

    public static String write(List<DailyUsage> days) {
        List<DailyUsage> sorted = new ArrayList<>(days);
        sorted.sort(Comparator.comparing(DailyUsage::accountId).thenComparing(DailyUsage::day).thenComparing(DailyUsage::metric));
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (DailyUsage day : sorted) {
            out.append(day.accountId()).append(',').append(day.day()).append(',').append(day.metric()).append(',')
                    .append(day.quantity()).append('\n');
        }
        return out.toString();
    }

    public static List<DailyUsage> read(String csv) {
        List<DailyUsage> days = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (line.isBlank() || line.equals(HEADER)) {
                continue;
            }
            String[] cells = line.split(",");
            // The account id is everything before the last three cells.
            int n = cells.length;
            String account = String.join(",", java.util.Arrays.copyOf(cells, n - 3));
            days.add(new DailyUsage(account, LocalDate.parse(cells[n - 3]), Metric.valueOf(cells[n - 2]), Long.parseLong(cells[n - 1])));
        }
        return days;
    }
}
