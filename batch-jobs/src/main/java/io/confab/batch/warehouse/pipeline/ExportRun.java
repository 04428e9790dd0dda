package io.confab.batch.warehouse.pipeline;

import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.runner.Engine;
import io.confab.batch.warehouse.rows.DateRange;
import io.confab.batch.warehouse.store.WarehouseStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * One export run on the chosen runner (the DirectRunner, or the Flink session cluster), with progress,
 * ending in what it wrote per partition (the runner's counters).
 */
public final class ExportRun {

    /**
     * What a run did.
     *
     * @param rowsByPartition rows written per {@code table/date}; a day of the range with none was left as it was
     * @param undecodable     records in the topics whose bytes did not decode (every run sees them again)
     * @param rejected        rows of the range their schema or the event rules refused
     */
    public record Summary(DateRange range, long recordsRead, Map<String, Long> rowsByPartition, long undecodable, long rejected,
                          Duration took) {

        public long rows() {
            return rowsByPartition.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Rows per table on one day. */
        public Map<String, Long> day(LocalDate day) {
            Map<String, Long> tables = new TreeMap<>();
            rowsByPartition.forEach((partition, rows) -> {
                if (partition.endsWith("/" + day)) {
                    tables.put(partition.substring(0, partition.indexOf('/')), rows);
                }
            });
            return tables;
        }
    }

    private ExportRun() {
    }

    public static Summary run(MonthSource source, DateRange range, WarehouseStore store, Engine engine, Consumer<String> progress) {
        return run(source, range, store, engine, progress, false);
    }

    /** {@code checked}: the DirectRunner's immutability and encodability checks on, as the tests run it. */
    public static Summary run(MonthSource source, DateRange range, WarehouseStore store, Engine engine, Consumer<String> progress,
                              boolean checked) {
        Pipeline pipeline = Pipeline.create(engine.options("confab-warehouse-export", checked));
        WarehouseExport.build(pipeline, source, range, store);
        long expected = source.expectedRecords();
        Instant started = Instant.now();
        PipelineResult result = engine.run(pipeline, "warehouse " + range, progress);
        PipelineResult.State state;
        do {
            state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(2));
            MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
            progress.accept("warehouse " + range + ": " + counter(metrics, WarehouseExport.RECORDS_READ) + (expected >= 0 ? " of " + expected : "")
                    + " records read, " + counter(metrics, WarehouseExport.ROWS_WRITTEN) + " rows written, "
                    + Duration.between(started, Instant.now()).toSeconds() + " s");
        } while (state == null || !state.isTerminal());
        if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException("the warehouse export ended " + state);
        }
        MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
        Map<String, Long> partitions = new TreeMap<>();
        for (MetricResult<Long> counter : metrics.getCounters()) {
            String name = counter.getName().getName();
            if (name.startsWith(WarehouseExport.ROWS_PREFIX)) {
                partitions.merge(name.substring(WarehouseExport.ROWS_PREFIX.length()), value(counter), Long::sum);
            }
        }
        return new Summary(range, counter(metrics, WarehouseExport.RECORDS_READ), partitions, counter(metrics, WarehouseExport.UNDECODABLE),
                counter(metrics, WarehouseExport.REJECTED), Duration.between(started, Instant.now()));
    }

    private static long counter(MetricQueryResults metrics, String name) {
        long total = 0;
        for (MetricResult<Long> counter : metrics.getCounters()) {
            if (counter.getName().getName().equals(name)) {
                total += value(counter);
            }
        }
        return total;
    }

    private static long value(MetricResult<Long> counter) {
        try {
            return counter.getCommitted();
        } catch (UnsupportedOperationException e) {
            return counter.getAttempted();
        }
    }
}
