package io.confab.batch.cli;

import io.confab.batch.runner.Engine;
import picocli.CommandLine.Option;

/** {@code --runner}: where a batch run's Beam pipeline runs, in this JVM or on the Flink session cluster. */
public final class RunnerOption {

    @Option(names = "--runner", defaultValue = "direct", paramLabel = "direct|flink",
            description = "Beam runner (default: ${DEFAULT-VALUE}); flink runs on the Flink session cluster named by --flink.")
    String runner;

    /** The runner chosen; {@code flinkMaster} is the {@code --flink} address, which {@code flink} needs. */
    public Engine engine(String flinkMaster) {
        return Engine.of(runner, flinkMaster);
    }
}
