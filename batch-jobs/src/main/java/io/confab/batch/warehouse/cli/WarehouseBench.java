package io.confab.batch.warehouse.cli;

import com.sun.management.OperatingSystemMXBean;
import io.confab.batch.billing.bench.BenchMonth;
import io.confab.batch.billing.bench.GeneratedMonth;
import io.confab.batch.runner.Engine;
import io.confab.batch.warehouse.pipeline.ExportRun;
import io.confab.batch.warehouse.rows.DateRange;
import io.confab.batch.warehouse.store.DirectoryWarehouseStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code warehouse bench}: the export of a generated month (billing's generator: meetings, sessions,
 * recordings, transcripts) to a scratch directory on the DirectRunner; rows per wall second and per
 * CPU-second of this process. No Kafka and no S3, so the figure is the pipeline's own cost.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Export a generated month (billing's generator) to Parquet in a scratch directory: rows per second per core.")
final class WarehouseBench implements Callable<Integer> {

    @Mixin
    BenchMonth bench = new BenchMonth(200_000, 100);

    @Override
    public Integer call() throws IOException {
        YearMonth month = BenchMonth.MONTH;
        GeneratedMonth generated = bench.generate();
        Path scratch = Files.createTempDirectory("confab-warehouse-bench");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        ExportRun.Summary summary = ExportRun.run(generated, new DateRange(month.atDay(1), month.atEndOfMonth()),
                new DirectoryWarehouseStore(scratch), Engine.DIRECT, System.err::println);
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        double wall = summary.took().toMillis() / 1000.0;
        long bytes;
        try (var files = Files.walk(scratch)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (bench.json()) {
            System.out.printf(Locale.ROOT, "{\"records\": %d, \"rows\": %d, \"partitions\": %d, \"parquetBytes\": %d, \"wallSeconds\": %.1f, "
                            + "\"cpuSeconds\": %.1f, \"cores\": %d, \"rowsPerWallSecondPerCore\": %d, \"rowsPerCpuSecond\": %d}%n",
                    summary.recordsRead(), summary.rows(), summary.rowsByPartition().size(), bytes, wall, cpu, cores,
                    Math.round(summary.rows() / wall / cores), Math.round(summary.rows() / cpu));
        } else {
            System.out.printf(Locale.ROOT, "warehouse bench: %d records -> %d rows in %d partitions (%.1f MB Parquet) in %.1f s wall, %.1f s CPU "
                            + "on %d cores: %d rows per wall second per core, %d rows per CPU-second%n",
                    summary.recordsRead(), summary.rows(), summary.rowsByPartition().size(), bytes / 1e6, wall, cpu, cores,
                    Math.round(summary.rows() / wall / cores), Math.round(summary.rows() / cpu));
        }
        return 0;
    }
}
