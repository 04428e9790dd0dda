package io.confab.orchestration.cli;

import io.confab.orchestration.platform.BatchCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code confab bench warehouse}: batch-jobs' export of a generated month to a scratch directory, in a JVM of its own. */
@Command(name = "warehouse", description = {"The warehouse export of a generated month (DirectRunner, no servers needed): "
        + "rows per second per core.", "Options are passed on: --events N, --accounts N, --json."})
final class WarehouseBench extends BatchCliBench {

    @Option(names = "--heap", defaultValue = "2g", description = "Heap of the export JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    WarehouseBench() {
        super(BatchCli.WAREHOUSE);
    }

    @Override
    String heap() {
        return heap;
    }
}
