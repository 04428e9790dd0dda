package io.confab.batch.billing.reconcile;

import io.confab.batch.billing.usage.Metric;

import java.time.LocalDate;

/** One account, day and metric on which the batch and the streaming totals disagree (0 where one side has no row). */
public record Difference(String accountId, LocalDate day, Metric metric, long batch, long streaming) {

    @Override
    public String toString() {
        return accountId + " " + day + " " + metric + ": batch " + batch + ", streaming " + streaming
                + " (streaming " + (streaming >= batch ? "+" : "") + (streaming - batch) + ")";
    }
}
