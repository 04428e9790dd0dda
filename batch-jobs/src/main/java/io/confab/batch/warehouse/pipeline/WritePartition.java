package io.confab.batch.warehouse.pipeline;

import io.confab.batch.warehouse.parquet.ParquetFiles;
import io.confab.batch.warehouse.rows.TableRow;
import io.confab.batch.warehouse.store.WarehouseStore;
import io.confab.storage.s3.S3Layout;
import io.confab.storage.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Replaces one partition ({@code warehouse/{table}/date=D/}) with the run's rows: sorted, cut into
 * files of at most {@link #ROWS_PER_FILE} rows named {@code part-00000.parquet}, ... (the same names
 * on every run, so a re-run overwrites them), then every other object under the prefix is deleted
 * (files of an earlier run that had more parts, or written by hand). Readers in between see either
 * the old or the new file under each name, never a half-written one: an S3 PUT is atomic per object.
 */
final class WritePartition extends DoFn<KV<String, Iterable<TableRow>>, String> {

    /** A few row groups per file at typical row sizes (100-300 bytes): large enough that DuckDB reads few files, small enough to write in memory. */
    static final int ROWS_PER_FILE = 2_000_000;

    private final WarehouseStore store;

    WritePartition(WarehouseStore store) {
        this.store = store;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<TableRow>> partition, OutputReceiver<String> out) {
        List<TableRow> rows = new ArrayList<>();
        partition.getValue().forEach(rows::add);
        rows.sort(null);
        WarehouseTable table = rows.get(0).table();
        LocalDate date = rows.get(0).date();
        Set<String> written = new HashSet<>();
        try {
            for (int part = 0; part * ROWS_PER_FILE < rows.size(); part++) {
                List<TableRow> slice = rows.subList(part * ROWS_PER_FILE, Math.min(rows.size(), (part + 1) * ROWS_PER_FILE));
                String key = S3Layout.warehouseFile(table, date, String.format(Locale.ROOT, "part-%05d", part));
                Path file = Files.createTempFile("confab-warehouse-", ".parquet");
                try {
                    ParquetFiles.write(table, slice.stream().map(TableRow::decode).toList(), file);
                    store.put(key, file);
                } finally {
                    Files.deleteIfExists(file);
                }
                written.add(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + partition.getKey() + ": " + e.getMessage(), e);
        }
        for (String key : store.list(S3Layout.warehousePartitionPrefix(table, date))) {
            if (!written.contains(key)) {
                store.delete(key);
            }
        }
        Metrics.counter(WarehouseExport.METRICS, WarehouseExport.ROWS_PREFIX + partition.getKey()).inc(rows.size());
        Metrics.counter(WarehouseExport.METRICS, WarehouseExport.ROWS_WRITTEN).inc(rows.size());
        out.output(partition.getKey());
    }
}
