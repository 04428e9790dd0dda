package io.confab.orchestration.cli;

import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.platform.StartupFailure;
import io.confab.orchestration.platform.WarehouseExportJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code confab warehouse export --date D | --from D --to D}: batch-jobs' warehouse export in a JVM of
 * its own, given the running platform's Kafka, S3 and Flink session cluster. Everything after {@code warehouse} is passed on;
 * {@code confab warehouse export --help} shows its options.
 */
@Command(name = "warehouse", description = {"The Parquet warehouse: export a day or a range of days from Kafka to S3 warehouse/ "
        + "(see 'confab warehouse export --help').",
        "  export --date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD [--runner direct|flink]",
        "'confab up' runs it every night at 00:10 UTC for the previous day."})
final class WarehouseCommand implements Callable<Integer>, ConfabCommand.UsesContext {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data", description = "The running platform's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Unmatched
    List<String> args = new ArrayList<>();

    private ConfabCommand.ConfabContext context;

    @Override
    public void context(ConfabCommand.ConfabContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        List<String> forwarded = new ArrayList<>(args);
        boolean standalone = forwarded.isEmpty() || forwarded.contains("--help") || forwarded.contains("-h") || forwarded.get(0).equals("bench");
        Optional<PlatformState> state = standalone ? Optional.empty() : PlatformState.read(dataDir);
        if (!standalone && (state.isEmpty() || !state.get().ready())) {
            System.err.println("confab warehouse: no running platform in " + dataDir + "; start one with './confab up'");
            return ConfabCommand.FAILED;
        }
        try {
            return WarehouseExportJob.process(new Installation(context.home()), forwarded, state.map(PlatformState::config).orElse(null),
                    standalone && !forwarded.isEmpty() && forwarded.get(0).equals("bench") ? "-Xmx2g" : "-Xmx1g").inheritIO().start().waitFor();
        } catch (StartupFailure e) {
            System.err.println("confab warehouse: " + e.getMessage());
            return ConfabCommand.FAILED;
        }
    }
}
