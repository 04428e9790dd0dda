package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code confab up} in the foreground as a user runs it, its own process. The detached lifecycle
 * ({@code up --detach}, {@code status --json}, {@code down} leaving nothing) is checked on
 * {@code exposure.PublicAddressTest}'s platform, which starts that way: one platform start fewer.
 */
@org.junit.jupiter.api.extension.ExtendWith(SharedPlatform.class)
class PlatformLifecycleTest {

    /**
     * One foreground platform serves two checks, as a platform start is the suite's dearest step: an
     * external Kafka is used with no broker of its own, and Ctrl-C stops every server it started.
     */
    @Test
    void aForegroundPlatformOnAnExternalKafkaStartsNoBrokerAndCtrlCStopsEveryServer(SharedPlatform.Running running) throws Exception {
        Path data = SharedPlatform.newDataDir("ctrl-c");
        Path out = data.resolveSibling(data.getFileName() + ".out");
        Path err = data.resolveSibling(data.getFileName() + ".err");
        String external = running.platform().kafka().address();
        // Started with SIGINT ignored, as in a suite run in the background: the launcher takes it back.
        Process up = Cli.startAsBackgroundJob(out, err, "up", "--random-ports", "--data-dir", data.toString(), "--kafka", external);
        try {
            Eventually.within(Duration.ofSeconds(300)).every(Duration.ofMillis(200))
                    .holds(() -> Files.readString(out).contains("Confab is up") || !up.isAlive());
            assertTrue(Files.readString(out).contains("Confab is up"), "up did not become ready: " + Files.readString(out) + Files.readString(err));
            assertTrue(Files.readString(out).contains("kafka      " + external), "kafka reported at the external address: " + Files.readString(out));

            Cli.Result status = Cli.run(Duration.ofSeconds(60), "status", "--json", "--data-dir", data.toString());
            assertEquals(0, status.exitCode(), status.out() + status.err());
            JsonNode kafka = null;
            for (JsonNode component : new ObjectMapper().readTree(status.out()).path("components")) {
                if (component.path("name").asText().equals("kafka")) {
                    kafka = component;
                }
            }
            assertEquals(external, kafka.path("address").asText());
            assertFalse(kafka.path("embedded").asBoolean(), "no embedded broker for an external Kafka");
            assertTrue(kafka.path("healthy").asBoolean());
            List<String> processes = Cli.processesUsing(data);
            assertFalse(processes.isEmpty(), "servers run while up");
            assertTrue(processes.stream().noneMatch(p -> p.contains("-Dconfab.server=kafka")), "no Kafka process was started: " + processes);

            new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();
            assertTrue(up.waitFor(120, TimeUnit.SECONDS), "up exits after Ctrl-C");
            assertTrue(Files.readString(out).contains("Stopped."), Files.readString(out));
            assertEquals(List.of(), Cli.processesUsing(data), "Ctrl-C leaves no process behind");
        } finally {
            up.descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
        }
    }
}
