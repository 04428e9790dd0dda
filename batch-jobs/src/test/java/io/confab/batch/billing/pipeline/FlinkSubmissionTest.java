package io.confab.batch.billing.pipeline;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What goes to the session cluster with the billing job, and where. */
class FlinkSubmissionTest {

    @Test
    void stagesTheClassPathButFlinksOwnJars() {
        String classPath = String.join(File.pathSeparator, "/repo/batch-jobs/target/classes",
                "/m2/org/apache/flink/flink-runtime/1.19.3/flink-runtime-1.19.3.jar",
                "/m2/org/apache/flink/flink-shaded-guava/31.1-jre-17.0/flink-shaded-guava-31.1-jre-17.0.jar",
                "/m2/org/apache/beam/beam-runners-flink-1.19/2.70.0/beam-runners-flink-1.19-2.70.0.jar",
                "/m2/org/apache/kafka/kafka-clients/4.1.1/kafka-clients-4.1.1.jar");
        assertEquals(List.of("/repo/batch-jobs/target/classes",
                "/m2/org/apache/beam/beam-runners-flink-1.19/2.70.0/beam-runners-flink-1.19-2.70.0.jar",
                "/m2/org/apache/kafka/kafka-clients/4.1.1/kafka-clients-4.1.1.jar"), FlinkSubmission.jobFiles(classPath));
    }

    @Test
    void submitsToTheRestAddressWithOrWithoutItsScheme() {
        FlinkPipelineOptions options = FlinkSubmission.options("http://127.0.0.1:8081");
        assertEquals("127.0.0.1:8081", options.getFlinkMaster());
        assertEquals(FlinkSubmission.PARALLELISM, options.getParallelism());
        assertEquals("127.0.0.1:8081", FlinkSubmission.options("127.0.0.1:8081").getFlinkMaster());
    }

    @Test
    void theFlinkRunnerWithoutAnAddressIsABadUsage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new BillingRun.Engine(BillingRun.Runner.FLINK, " "));
        assertTrue(error.getMessage().contains("--flink HOST:PORT"), error.getMessage());
    }
}
