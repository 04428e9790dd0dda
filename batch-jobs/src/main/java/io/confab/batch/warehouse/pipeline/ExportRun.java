package io.confab.batch.warehouse.pipeline;

import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.runner.Engine;
import io.confab.batch.runner.RunCounters;
import io.confab.batch.warehouse.rows.DateRange;
import io.confab.batch.warehouse.store.WarehouseStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;

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
        RunCounters counters = engine.runToEnd(pipeline, "warehouse " + range, "the warehouse export", progress, running ->
                "warehouse " + range + ": " + running.total(WarehouseExport.RECORDS_READ) + (expected >= 0 ? " of " + expected : "")
                        + " records read, " + running.total(WarehouseExport.ROWS_WRITTEN) + " rows written");
        return new Summary(range, counters.total(WarehouseExport.RECORDS_READ), counters.byPrefix(WarehouseExport.ROWS_PREFIX),
                counters.total(WarehouseExport.UNDECODABLE), counters.total(WarehouseExport.REJECTED), Duration.between(started, Instant.now()));
    }
}
