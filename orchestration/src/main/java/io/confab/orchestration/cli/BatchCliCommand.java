package io.confab.orchestration.cli;

import io.confab.orchestration.platform.BatchCli;
import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.platform.StartupFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * What {@code confab billing}, {@code confab warehouse} and their benches share: everything after the
 * command's name goes on to a batch-jobs program ({@link BatchCli}) in a JVM of its own, with its
 * output on ours and its exit code as ours. The two commands are this class with their program; a
 * class rather than a mixin because picocli takes {@code @Unmatched} only from the command's own
 * class hierarchy.
 */
abstract class BatchCliCommand implements Callable<Integer> {

    @Mixin
    ProcessContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data", description = "The running platform's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Unmatched
    List<String> args = new ArrayList<>();

    private final BatchCli cli;

    BatchCliCommand(BatchCli cli) {
        this.cli = cli;
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
        return run(cli, spec.name(), context.home(), args, state.map(PlatformState::config).orElse(null), bench ? benchHeap() : "-Xmx1g");
    }

    /** The program's {@code bench} subcommand with {@code args}, on generated data: no platform. */
    static int bench(BatchCli cli, String name, Path home, List<String> args, String heap)
            throws IOException, InterruptedException {
        List<String> forwarded = new ArrayList<>(List.of("bench"));
        forwarded.addAll(args);
        return run(cli, name, home, forwarded, null, heap);
    }

    private static int run(BatchCli cli, String name, Path home, List<String> args, PlatformConfig config, String heap)
            throws IOException, InterruptedException {
        try {
            return cli.process(new Installation(home), args, config, heap).inheritIO().start().waitFor();
        } catch (StartupFailure e) {
            System.err.println("confab " + name + ": " + e.getMessage());
            return ConfabCommand.FAILED;
        }
    }
}
