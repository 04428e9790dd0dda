package io.confab.batch.billing.usage;

import java.io.Serializable;
import java.time.LocalDate;

/** One account's total of one metric on one UTC day, in the metric's base unit (ms, bytes, count). */
public record DailyUsage(String accountId, LocalDate day, Metric metric, long quantity) implements Serializable {

    public String key() {
        return accountId + "|" + day + "|" + metric;
    }
}
