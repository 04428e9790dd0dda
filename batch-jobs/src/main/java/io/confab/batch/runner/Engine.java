package io.confab.batch.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Where a batch pipeline (billing, the warehouse export) runs: Beam's DirectRunner in this JVM, or the
 * Flink session cluster at {@code flinkMaster} (its REST address, {@code host:port}) through Beam's
 * Flink runner (batch-jobs/README.md "Runners").
 */
public record Engine(Runner runner, String flinkMaster) {

    public enum Runner { DIRECT, FLINK }

    public static final Engine DIRECT = new Engine(Runner.DIRECT, null);

    public Engine {
        if (runner == Runner.FLINK && (flinkMaster == null || flinkMaster.isBlank())) {
            throw new IllegalArgumentException("--runner flink needs --flink HOST:PORT, the Flink session cluster's REST address "
                    + "(confab passes the running platform's)");
        }
    }

    /** From the commands' {@code --runner direct|flink} and {@code --flink HOST:PORT}. */
    public static Engine of(String runner, String flinkMaster) {
        return switch (runner.toLowerCase(Locale.ROOT)) {
            case "direct" -> DIRECT;
            case "flink" -> new Engine(Runner.FLINK, flinkMaster);
            default -> throw new IllegalArgumentException("--runner: expected direct or flink, got '" + runner + "'");
        };
    }

    /**
     * The pipeline's options. {@code checked}: the DirectRunner's immutability and encodability checks
     * on, as the tests run it; they re-encode every element after each step, found no fault in the
     * tests and cost about half a run's time.
     */
    public PipelineOptions options(String jobName, boolean checked) {
        if (runner == Runner.FLINK) {
            return FlinkSubmission.options(flinkMaster, jobName);
        }
        DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
        options.setRunner(DirectRunner.class);
        options.setJobName(jobName);
        options.setBlockOnRun(false);
        options.setTargetParallelism(Math.max(2, Runtime.getRuntime().availableProcessors()));
        options.setEnforceImmutability(checked);
        options.setEnforceEncodability(checked);
        return options;
    }

    /**
     * Starts a pipeline made with {@link #options}. The DirectRunner returns at once (the caller polls
     * the result for progress); Flink's runner returns when the bounded job has finished, so it reports
     * the time so far on {@code progress} meanwhile.
     */
    public PipelineResult run(Pipeline pipeline, String what, Consumer<String> progress) {
        return runner == Runner.FLINK ? FlinkSubmission.run(pipeline, flinkMaster, what, progress) : pipeline.run();
    }

    /**
     * Runs a pipeline made with {@link #options} to its end: every 2 s while it runs, {@code progress}
     * gets the line {@code status} makes of the counters so far, followed by the seconds since start.
     *
     * @param what the run in Flink's progress lines, e.g. "billing"
     * @param job the run in the error when it fails, e.g. "the billing pipeline"
     * @return the counters at the end
     * @throws IllegalStateException naming {@code job} and the state it ended in, when that is not DONE
     */
    public RunCounters runToEnd(Pipeline pipeline, String what, String job, Consumer<String> progress,
                                Function<RunCounters, String> status) {
        Instant started = Instant.now();
        PipelineResult result = run(pipeline, what, progress);
        PipelineResult.State state;
        do {
            state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(2));
            progress.accept(status.apply(RunCounters.of(result)) + ", " + Duration.between(started, Instant.now()).toSeconds() + " s");
        } while (state == null || !state.isTerminal());
        if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException(job + " ended " + state);
        }
        return RunCounters.of(result);
    }

    /** {@code direct} or {@code flink}, as the commands spell it. */
    public String runnerName() {
        return runner.name().toLowerCase(Locale.ROOT);
    }
}
