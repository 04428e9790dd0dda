package io.confab.orchestration.cli;

import io.confab.orchestration.platform.BatchCli;
import io.confab.orchestration.platform.PlatformState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code confab billing} and {@code confab warehouse}: a batch-jobs program ({@link BatchCliProgram})
 * given the running platform's servers. The two commands are this class with their program.
 */
abstract class BatchCliCommand extends BatchCliProgram {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data", description = "The running platform's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    BatchCliCommand(BatchCli cli) {
        super(cli);
    }

    /** The heap flag when the program runs its own {@code bench} ({@code confab billing bench ...}). */
    String benchHeap() {
        return "-Xmx1g";
    }

    /**
     * Runs the arguments against the platform running from the data directory. Help and the program's
     * own {@code bench} need no platform and get none.
     */
    @Override
    public Integer call() throws IOException, InterruptedException {
        boolean bench = !args.isEmpty() && args.get(0).equals("bench");
        boolean standalone = args.isEmpty() || args.contains("--help") || args.contains("-h") || bench;
        Optional<PlatformState> state = standalone ? Optional.empty() : PlatformState.read(dataDir);
        if (!standalone && (state.isEmpty() || !state.get().ready())) {
            System.err.println("confab " + spec.name() + ": no running platform in " + dataDir + "; start one with './confab up'");
            return ConfabCommand.FAILED;
        }
        return run(args, state.map(PlatformState::config).orElse(null), bench ? benchHeap() : "-Xmx1g");
    }
}
