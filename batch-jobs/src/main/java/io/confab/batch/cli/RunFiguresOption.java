package io.confab.batch.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-file}: where a run leaves its figures for Prometheus ({@link RunFiguresFile});
 * {@code confab} passes one under the platform's data directory, which the launcher serves.
 * Without it nothing is written.
 */
public final class RunFiguresOption {

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Write the run's figures (success, duration, records read, rows written, dead letters, last success time) "
                    + "there in the Prometheus text format, replacing the file, also when the run fails.")
    Path file;

    /**
     * Runs {@code run} and records its figures, or its failure (then rethrown); a file that cannot be
     * written is one line on stderr and does not change the run's outcome.
     */
    public <T> T recording(String job, Supplier<T> run, Figures<T> figures) {
        Instant started = Instant.now();
        T result;
        try {
            result = run.get();
        } catch (RuntimeException | Error e) {
            write(RunFigures.failed(job, started, Instant.now()));
            throw e;
        }
        write(figures.of(result, started, Instant.now()));
        return result;
    }

    private void write(RunFigures figures) {
        if (file == null) {
            return;
        }
        try {
            new RunFiguresFile(file).write(figures);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot write the run's metrics to " + file + ": " + e);
        }
    }

    /** A successful run's figures from what it returned. */
    @FunctionalInterface
    public interface Figures<T> {
        RunFigures of(T result, Instant started, Instant finished);
    }
}
