package io.confab.batch.runner;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What goes to the session cluster with a batch job (billing, the warehouse export), and where. */
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
        FlinkPipelineOptions options = FlinkSubmission.options("http://127.0.0.1:8081", "confab-billing");
        assertEquals("127.0.0.1:8081", options.getFlinkMaster());
        assertEquals(FlinkSubmission.PARALLELISM, options.getParallelism());
        assertEquals("confab-billing", options.getJobName());
        assertEquals("127.0.0.1:8081", FlinkSubmission.options("127.0.0.1:8081", "confab-billing").getFlinkMaster());
    }

    @Test
    void theFlinkRunnerWithoutAnAddressIsABadUsage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Engine.of("flink", " "));
        assertTrue(error.getMessage().contains("--flink HOST:PORT"), error.getMessage());
    }

    @Test
    void anUnknownRunnerIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Engine.of("spark", null));
        assertEquals("--runner: expected direct or flink, got 'spark'", error.getMessage());
    }

    @Test
    void theRunnerNameIsCaseInsensitive() {
        assertEquals(Engine.DIRECT, Engine.of("Direct", null));
        assertEquals(new Engine(Engine.Runner.FLINK, "127.0.0.1:8081"), Engine.of("FLINK", "127.0.0.1:8081"));
    }
}
