package io.confab.batch.billing.reconcile;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming meter's rows of a month from Cassandra {@code usage_by_account_day}. The table is
 * partitioned by (account, day) and has no index by day alone, so this reads the table through and
 * keeps the month's rows: fine for the embedded platform and a few months of accounts; a listing of
 * active accounts per month is planned for bigger ones.
 */
public final class StreamingTotals {

    private StreamingTotals() {
    }

    /**
     * One account's rows of a month, read by partition (account, day): what an invoice preview prices
     * while the month is still running.
     */
    public static List<DailyUsage> ofAccount(CqlSession session, String accountId, YearMonth month, List<String> unknownMetrics) {
        List<DailyUsage> rows = new ArrayList<>();
        var byDay = session.prepare("SELECT metric, quantity FROM confab.usage_by_account_day WHERE account_id = ? AND day = ?");
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate day = month.atDay(d);
            for (Row row : session.execute(byDay.bind(accountId, day))) {
                Metric metric = Reconciliation.metric(row.getString("metric"));
                if (metric == null) {
                    unknownMetrics.add(row.getString("metric"));
                    continue;
                }
                rows.add(new DailyUsage(accountId, day, metric, row.getLong("quantity")));
            }
        }
        return rows;
    }

    public static List<DailyUsage> of(CqlSession session, YearMonth month, List<String> unknownMetrics) {
        List<DailyUsage> rows = new ArrayList<>();
        SimpleStatement scan = SimpleStatement.newInstance("SELECT account_id, day, metric, quantity FROM confab.usage_by_account_day")
                .setPageSize(5000);
        for (Row row : session.execute(scan)) {
            LocalDate day = row.getLocalDate("day");
            if (day == null || !Reconciliation.inMonth(day, month)) {
                continue;
            }
            Metric metric = Reconciliation.metric(row.getString("metric"));
            if (metric == null) {
                unknownMetrics.add(row.getString("metric"));
                continue;
            }
            rows.add(new DailyUsage(row.getString("account_id"), day, metric, row.getLong("quantity")));
        }
        return rows;
    }
}
