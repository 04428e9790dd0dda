package io.confab.orchestration.cli;

import io.confab.orchestration.platform.BatchCli;
import picocli.CommandLine.Command;

/**
 * {@code confab warehouse export --date D | --from D --to D}: batch-jobs' warehouse export in a JVM of
 * its own, given the running platform's Kafka, S3 and Flink session cluster. Everything after {@code warehouse} is passed on;
 * {@code confab warehouse export --help} shows its options.
 */
@Command(name = "warehouse", description = {"The Parquet warehouse: export a day or a range of days from Kafka to S3 warehouse/ "
        + "(see 'confab warehouse export --help').",
        "  export --date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD [--runner direct|flink]",
        "'confab up' runs it every night at 00:10 UTC for the previous day."})
final class WarehouseCommand extends BatchCliCommand {

    WarehouseCommand() {
        super(BatchCli.WAREHOUSE);
    }

    /** The export's bench writes a generated month. */
    @Override
    String benchHeap() {
        return "-Xmx2g";
    }
}
