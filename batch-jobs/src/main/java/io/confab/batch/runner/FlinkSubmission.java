package io.confab.batch.runner;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A batch pipeline on the platform's Flink session cluster through Beam's Flink runner
 * (batch-jobs/README.md "Runners"): submitted over the JobManager's REST address with this JVM's
 * class path as the job's files, minus Flink's own jars, which the cluster has at the same version.
 */
final class FlinkSubmission {

    /**
     * One slot: the streaming jobs hold the others of the embedded TaskManager, and a month of one
     * platform fits one worker.
     */
    static final int PARALLELISM = 1;

    private FlinkSubmission() {
    }

    static FlinkPipelineOptions options(String flinkMaster, String jobName) {
        FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        options.setRunner(FlinkRunner.class);
        options.setFlinkMaster(flinkMaster.replaceFirst("^https?://", ""));
        options.setParallelism(PARALLELISM);
        options.setJobName(jobName);
        options.setFilesToStage(jobFiles(System.getProperty("java.class.path")));
        return options;
    }

    /** The class path's entries the cluster lacks: everything but Flink's own jars. */
    static List<String> jobFiles(String classPath) {
        List<String> files = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (!entry.isBlank() && !(name.startsWith("flink-") && name.endsWith(".jar"))) {
                files.add(entry);
            }
        }
        return files;
    }

    /** Runs it; Flink's runner returns when a bounded job has finished, so progress is the time so far. */
    static PipelineResult run(Pipeline pipeline, String flinkMaster, String what, Consumer<String> progress) {
        Instant started = Instant.now();
        progress.accept(what + ": submitting the pipeline to the Flink session cluster at " + flinkMaster);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flink-submission-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> progress.accept(what + ": running on Flink, "
                + Duration.between(started, Instant.now()).toSeconds() + " s"), 5, 5, TimeUnit.SECONDS);
        try {
            return pipeline.run();
        } finally {
            ticker.shutdownNow();
        }
    }
}
