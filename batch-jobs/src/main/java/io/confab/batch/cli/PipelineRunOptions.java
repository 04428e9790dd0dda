package io.confab.batch.cli;

import io.confab.batch.runner.Engine;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;

/**
 * What a command that runs a Beam pipeline takes besides the platform's addresses: where the
 * pipeline runs ({@link RunnerOption}) and where the run leaves its figures ({@link RunFiguresOption}).
 */
public final class PipelineRunOptions {

    @Mixin
    RunnerOption runner;

    @Mixin
    RunFiguresOption figures;

    /** The runner chosen; {@code flinkMaster} is the {@code --flink} address, which {@code flink} needs. */
    public Engine engine(String flinkMaster) {
        return runner.engine(flinkMaster);
    }

    /** Runs the pipeline and records its figures: see {@link RunFiguresOption#recording}. */
    public <T> T recording(String job, Supplier<T> run, RunFiguresOption.Figures<T> figures) {
        return this.figures.recording(job, run, figures);
    }
}
