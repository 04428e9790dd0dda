package io.confab.dataapi.usage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Cassandra {@code usage_by_account_day}, written by the usage meter: one row per usage
 * record id holding that record's whole value, so a day's total is the sum of its rows (the
 * largest for PEAK_PARTICIPANTS, which is one row per day replaced as the peak changes).
 */
public final class UsageLedger {

    private final CqlSession session;
    private final PreparedStatement byDay;

    public UsageLedger(CqlSession session) {
        this.session = session;
        this.byDay = session.prepare("SELECT metric, quantity FROM confab.usage_by_account_day WHERE account_id = ? AND day = ?");
    }

    /** Metric name to total for one account and UTC day; metrics without rows are left out. */
    public Map<String, Long> day(String accountId, LocalDate day) {
        Map<String, Long> totals = new TreeMap<>();
        for (Row row : session.execute(byDay.bind(accountId, day))) {
            String metric = row.getString("metric");
            long quantity = row.getLong("quantity");
            if ("PEAK_PARTICIPANTS".equals(metric)) {
                totals.merge(metric, quantity, Math::max);
            } else {
                totals.merge(metric, quantity, Long::sum);
            }
        }
        return totals;
    }
}
