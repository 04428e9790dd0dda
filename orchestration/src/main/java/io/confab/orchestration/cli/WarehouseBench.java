package io.confab.orchestration.cli;

import io.confab.orchestration.platform.BatchCli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code confab bench warehouse}: batch-jobs' export of a generated month to a scratch directory, in a JVM of its own. */
@Command(name = "warehouse", description = {"The warehouse export of a generated month (DirectRunner, no servers needed): "
        + "rows per second per core.", "Options are passed on: --events N, --accounts N, --json."})
final class WarehouseBench implements Callable<Integer> {

    @Mixin
    ProcessContext context;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Option(names = "--heap", defaultValue = "2g", description = "Heap of the export JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Override
    public Integer call() throws Exception {
        return BatchCliCommand.bench(BatchCli.WAREHOUSE, "bench warehouse", context.home(), args, "-Xmx" + heap);
    }
}
