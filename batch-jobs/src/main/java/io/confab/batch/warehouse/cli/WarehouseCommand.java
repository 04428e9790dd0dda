package io.confab.batch.warehouse.cli;

import io.confab.batch.billing.source.KafkaMonthSource;
import io.confab.batch.cli.BatchCommandLine;
import io.confab.batch.cli.PipelineRunOptions;
import io.confab.batch.cli.PlatformAddresses;
import io.confab.batch.cli.RunFigures;
import io.confab.batch.warehouse.pipeline.ExportRun;
import io.confab.batch.warehouse.rows.DateRange;
import io.confab.batch.warehouse.rows.GroupRows;
import io.confab.storage.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code warehouse export}: the daily Parquet export in its own JVM. {@code confab warehouse} starts it
 * with the running platform's addresses (and {@code confab up} once a day after midnight UTC).
 * Exit codes: 0 ok (also for a day without data), 1 failure, 2 bad usage or configuration.
 */
@Command(name = "warehouse", mixinStandardHelpOptions = true,
        description = "The Parquet warehouse: export the topics' rows of a day or a range of days to S3 warehouse/{table}/date=YYYY-MM-DD/.",
        subcommands = {WarehouseCommand.Export.class, WarehouseBench.class})
public final class WarehouseCommand {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String[] args) {
        CommandLine command = BatchCommandLine.of(new WarehouseCommand(), "warehouse", e -> e instanceof IllegalArgumentException);
        command.registerConverter(LocalDate.class, BatchCommandLine.time(LocalDate::parse, "a date YYYY-MM-DD"));
        return command.execute(args);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Export meeting events, meetings, participant sessions, media quality, usage, recordings and transcripts "
                    + "of the given UTC days from Kafka to Parquet (ZSTD) in S3 warehouse/{table}/date=YYYY-MM-DD/part-NNNNN.parquet.",
                    "Re-running a day replaces its partitions (same file names, stale files removed). A day without data writes "
                    + "nothing. Refused rows go to warehouse/_rejects/FROM_TO.tsv with the reason. Progress on stderr."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "One day (UTC).")
        LocalDate date;

        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day of a backfill (with --to).")
        LocalDate from;

        @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day of a backfill, included.")
        LocalDate to;

        @Mixin
        PlatformAddresses platform;

        @Mixin
        PipelineRunOptions pipeline;

        @Override
        public Integer call() {
            ExportRun.Summary summary = pipeline.recording("warehouse_export", this::export,
                    (done, started, finished) -> RunFigures.succeeded("warehouse_export", started, finished, done.recordsRead(),
                            done.rows(), done.rejected() + done.undecodable()));
            print(summary, "s3://" + platform.s3Bucket() + "/warehouse/");
            return 0;
        }

        private ExportRun.Summary export() {
            DateRange range = range();
            WarehouseConfig config = new WarehouseConfig(platform.kafka(), platform.kafkaLogin(), new WarehouseConfig.S3(
                    platform.s3Endpoint(), platform.s3Region(), platform.s3AccessKey(), platform.s3SecretKey(), platform.s3Bucket()),
                    pipeline.engine(platform.flink())).validated();
            KafkaMonthSource source = KafkaMonthSource.open(config.kafka(), config.kafkaLogin(), GroupRows.TOPICS);
            System.err.println("warehouse " + range + ": " + source.expectedRecords() + " records in " + String.join(", ", GroupRows.TOPICS));
            return ExportRun.run(source, range, config.store(), config.engine(), System.err::println);
        }

        private DateRange range() {
            if (date != null && (from != null || to != null)) {
                throw new IllegalArgumentException("give either --date or --from and --to, not both");
            }
            if (date != null) {
                return DateRange.day(date);
            }
            if (from == null && to == null) {
                throw new IllegalArgumentException("which day? give --date YYYY-MM-DD or --from YYYY-MM-DD --to YYYY-MM-DD");
            }
            return new DateRange(from, to);
        }
    }

    /** One line per day: rows per table, or that the day had no data and nothing was written. */
    static void print(ExportRun.Summary summary, String where) {
        for (LocalDate day : summary.range().days()) {
            Map<String, Long> tables = summary.day(day);
            if (tables.isEmpty()) {
                System.out.println("warehouse " + day + ": no data in the topics for this day; nothing written");
                continue;
            }
            StringBuilder line = new StringBuilder("warehouse " + day + ":");
            for (WarehouseTable table : WarehouseTable.values()) {
                line.append(' ').append(table.tableName()).append(' ').append(tables.getOrDefault(table.tableName(), 0L)).append(',');
            }
            line.setLength(line.length() - 1);
            System.out.println(line);
        }
        System.out.println(String.format(Locale.ROOT, "warehouse %s: %d rows from %d records in %.1f s, in %s; %d row(s) rejected, "
                        + "%d undecodable record(s)%s", summary.range(), summary.rows(), summary.recordsRead(),
                summary.took().toMillis() / 1000.0, where, summary.rejected(), summary.undecodable(),
                summary.rejected() + summary.undecodable() > 0 ? " (reasons in " + where + "_rejects/)" : ""));
    }
}
