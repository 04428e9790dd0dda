package io.confab.orchestration.cli;

import io.confab.orchestration.platform.BatchCli;
import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.StartupFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A command that is a batch-jobs program ({@link BatchCli}) in a JVM of its own: everything after
 * the command's name goes on to the program, whose output is ours and whose exit code is ours. The
 * commands themselves ({@link BatchCliCommand}) and their benches ({@link BatchCliBench}) are this
 * class; a class rather than a mixin because picocli takes {@code @Unmatched} only from the
 * command's own class hierarchy.
 */
abstract class BatchCliProgram implements Callable<Integer> {

    @Mixin
    ProcessContext context;

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    private final BatchCli cli;

    BatchCliProgram(BatchCli cli) {
        this.cli = cli;
    }

    /**
     * Runs the program with {@code arguments} under the {@code heap} flag, given the platform {@code config}
     * describes (null: none); when it cannot start, one line naming the command, and exit code 1.
     */
    final int run(List<String> arguments, PlatformConfig config, String heap) throws IOException, InterruptedException {
        try {
            return cli.process(new Installation(context.home()), arguments, config, heap).inheritIO().start().waitFor();
        } catch (StartupFailure e) {
            System.err.println(spec.qualifiedName() + ": " + e.getMessage());
            return ConfabCommand.FAILED;
        }
    }
}
