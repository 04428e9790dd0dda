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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code confab up}, {@code status} and {@code down} as a user runs them, each as its own process. */
@org.junit.jupiter.api.extension.ExtendWith(SharedPlatform.class)
class PlatformLifecycleTest {

    private static final List<String> COMPONENTS = List.of("postgres", "s3", "kafka", "cassandra", "flink", "usage", "data-api", "web", "turn", "sfu");

    @Test
    void detachedPlatformIsHealthyInStatusAndDownLeavesNothingRunning() throws Exception {
        Path data = SharedPlatform.newDataDir("detached");
        Cli.Result up = Cli.run(Duration.ofSeconds(300), "up", "--detach", "--random-ports", "--data-dir", data.toString());
        assertEquals(0, up.exitCode(), "up --detach: " + up.out() + up.err());
        for (String component : COMPONENTS) {
            assertTrue(up.out().contains("  " + component + " "), "progress names " + component + ": " + up.out());
        }

        try {
            Cli.Result status = Cli.run(Duration.ofSeconds(60), "status", "--json", "--data-dir", data.toString());
            assertEquals(0, status.exitCode(), "status exit code: " + status.out() + status.err());
            JsonNode json = new ObjectMapper().readTree(status.out());
            List<String> names = new ArrayList<>();
            for (JsonNode component : json.path("components")) {
                names.add(component.path("name").asText());
                assertTrue(component.path("healthy").asBoolean(), component.toString());
                assertFalse(component.path("address").asText().isBlank(), component.toString());
            }
            assertEquals(COMPONENTS, names);
            // Additive field: the components with a Prometheus endpoint of their own name it.
            String metrics = json.path("components").get(COMPONENTS.indexOf("data-api")).path("metrics").asText();
            assertTrue(metrics.startsWith("http://127.0.0.1:") && metrics.endsWith("/actuator/prometheus"), json.toString());

            // The state file holds the ports chosen at start-up, TURN's TLS port among them.
            String turnAddress = json.path("components").get(COMPONENTS.indexOf("turn")).path("address").asText();
            int tlsPort = Integer.parseInt(turnAddress.replaceAll("(?s).*turns:[^:]+:(\\d+).*", "$1"));
            JsonNode state = new ObjectMapper().readTree(data.resolve("run/platform.json").toFile());
            assertEquals(tlsPort, state.path("config").path("turn").path("tlsPort").asInt(), state.path("config").toString());
        } catch (AssertionError | RuntimeException e) {
            // A failed check must not leave a detached platform running for the rest of the suite.
            Cli.run(Duration.ofSeconds(180), "down", "--data-dir", data.toString());
            throw e;
        }

        Cli.Result down = Cli.run(Duration.ofSeconds(180), "down", "--data-dir", data.toString());
        assertEquals(0, down.exitCode(), "down: " + down.out() + down.err());
        assertEquals(List.of(), Cli.processesUsing(data), "down leaves no process behind");

        Cli.Result after = Cli.run(Duration.ofSeconds(60), "status", "--data-dir", data.toString(), "--random-ports");
        assertEquals(1, after.exitCode(), "status after down reports unhealthy: " + after.out());
        assertTrue(after.out().contains("UNHEALTHY"), after.out());
    }

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
