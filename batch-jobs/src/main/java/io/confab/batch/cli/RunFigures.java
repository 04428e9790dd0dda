package io.confab.batch.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * What one run of a batch job did, as Prometheus sees it through {@link RunFiguresFile}: a batch job
 * lives for minutes and is gone before any scrape, so it leaves its last run's figures behind instead
 * of serving them.
 *
 * @param job         the job's name in the {@code job} label ({@code billing_run}, {@code warehouse_export})
 * @param finished    when the run ended
 * @param took        how long it ran
 * @param succeeded   whether it did its work (exit 0)
 * @param recordsRead Kafka records read; empty for a failed run, whose figures are unknown
 * @param rowsWritten what it wrote: Parquet rows (warehouse), invoices (billing); empty when failed
 * @param deadLetters input it refused, with reasons beside its output; empty when failed
 */
public record RunFigures(String job, Instant finished, Duration took, boolean succeeded, OptionalLong recordsRead,
                         OptionalLong rowsWritten, OptionalLong deadLetters) {

    public RunFigures {
        if (job == null || !job.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("job must be a Prometheus label value of [a-z0-9_], got '" + job + "'");
        }
    }

    public static RunFigures succeeded(String job, Instant started, Instant finished, long recordsRead, long rowsWritten,
                                       long deadLetters) {
        return new RunFigures(job, finished, Duration.between(started, finished), true, OptionalLong.of(recordsRead),
                OptionalLong.of(rowsWritten), OptionalLong.of(deadLetters));
    }

    public static RunFigures failed(String job, Instant started, Instant finished) {
        return new RunFigures(job, finished, Duration.between(started, finished), false, OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }
}
