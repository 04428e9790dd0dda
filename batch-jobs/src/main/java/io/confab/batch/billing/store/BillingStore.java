package io.confab.batch.billing.store;

import java.io.Serializable;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Where a month's billing files go: S3 {@code billing/YYYY-MM/} on the platform, a directory in tests and benchmarks. */
public interface BillingStore extends Serializable {

    void put(YearMonth month, String fileName, String content, String contentType);

    Optional<String> get(YearMonth month, String fileName);

    List<String> list(YearMonth month);

    /** Removes a month's files before a new run writes it, so an account billed before and not now leaves no stale invoice. */
    void clear(YearMonth month);
}
