package io.confab.orchestration.cli;

import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.StartupFailure;
import io.confab.orchestration.platform.WarehouseExportJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code confab bench warehouse}: batch-jobs' export of a generated month to a scratch directory, in a JVM of its own. */
@Command(name = "warehouse", description = {"The warehouse export of a generated month (DirectRunner, no servers needed): "
        + "rows per second per core.", "Options are passed on: --events N, --accounts N, --json."})
final class WarehouseBench implements Callable<Integer>, ConfabCommand.UsesContext {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Option(names = "--heap", defaultValue = "2g", description = "Heap of the export JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    private ConfabCommand.ConfabContext context;

    @Override
    public void context(ConfabCommand.ConfabContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        List<String> forwarded = new ArrayList<>(List.of("bench"));
        forwarded.addAll(args);
        try {
            return WarehouseExportJob.process(new Installation(context.home()), forwarded, null, "-Xmx" + heap).inheritIO().start().waitFor();
        } catch (StartupFailure e) {
            System.err.println("confab bench warehouse: " + e.getMessage());
            return ConfabCommand.FAILED;
        }
    }
}
