package io.confab.orchestration.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.Cli;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code confab bench turn} works end to end with tiny numbers: both servers start, uclient drives
 * them, and the JSON has every figure. Asserts nothing about which server is faster.
 */
class TurnBenchTest {

    private static final List<String> FIGURES = List.of("relayedPacketsPerSecond", "relayedMbitPerSecond", "messagesSent",
            "messagesReceived", "lossPercent", "allocationsPerSecond", "idleRssMiB", "rssWithAllocationsMiB", "kibPerAllocation");

    @Test
    void helpNamesTheServersAndTheClient() {
        Cli.Result result = Cli.run(Duration.ofSeconds(60), "bench", "turn", "--help");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("coturn") && result.out().contains("turnutils_uclient") && result.out().contains("--json"),
                result.out());
    }

    @Test
    void tinyRunPrintsEveryFigureForBothServersAsJson() throws Exception {
        Cli.Result result = Cli.run(Duration.ofSeconds(180), "bench", "turn", "--clients", "2", "--messages", "50",
                "--allocations", "10", "--warmup-messages", "0", "--rounds", "2", "--generators", "2", "--json");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("confab: relaying") && result.err().contains("coturn: relaying"),
                "progress lines on stderr: " + result.err());

        JsonNode root = new ObjectMapper().readTree(result.out());
        assertTrue(root.path("command").asText().startsWith("confab bench turn --clients 2"), root.toString());
        assertTrue(root.path("cores").asInt() >= 1, root.toString());
        assertEquals(2, root.path("generators").asInt(), root.toString());
        for (String server : List.of("confab", "coturn")) {
            JsonNode figures = root.path(server);
            for (String field : FIGURES) {
                assertTrue(figures.has(field), server + " lacks " + field + ": " + root);
            }
            assertEquals(200, figures.path("messagesSent").asLong(), "2 uclients x 2 clients x 50 messages to " + server + ": " + root);
            assertTrue(figures.path("messagesReceived").asLong() > 0, server + " relayed nothing: " + root);
            assertTrue(figures.path("allocationsPerSecond").asDouble() > 0, root.toString());
            assertTrue(figures.path("idleRssMiB").asDouble() > 0, root.toString());
        }
        for (String server : List.of("confab", "coturn")) {
            JsonNode figures = root.path(server);
            assertEquals(2, figures.path("relayedPerSecond").path("values").size(), "two interleaved rounds: " + root);
            JsonNode spread = figures.path("relayedPerSecond");
            assertTrue(spread.path("min").asDouble() <= spread.path("median").asDouble()
                    && spread.path("median").asDouble() <= spread.path("max").asDouble(), "min <= median <= max: " + spread);
            // A tiny run may use less than one 10 ms tick; a number (not missing, not NaN) shows /proc was read.
            assertTrue(figures.path("serverCpuCores").isNumber() && figures.path("serverCpuCores").asDouble() >= 0, root.toString());
            assertTrue(figures.path("clientCpuCores").isNumber(), "uclient's CPU read from bash's times: " + root);
            for (String whileRelaying : List.of("serverCoresWhileRelaying", "generatorCoresWhileRelaying", "machineCoresWhileRelaying")) {
                assertEquals(2, figures.path(whileRelaying).path("values").size(), "one per round: " + whileRelaying + " " + root);
            }
        }
        assertTrue(result.err().contains("round 2 of 2"), result.err());
        java.util.regex.Matcher groups = java.util.regex.Pattern.compile("scheduler groups: uclients in (\\S+)[^,]*, confab in (\\S+)")
                .matcher(result.err());
        assertTrue(groups.find(), "where the uclients ran: " + result.err());
        java.nio.file.Path autogroups = java.nio.file.Path.of("/proc/sys/kernel/sched_autogroup_enabled");
        if (java.nio.file.Files.exists(autogroups) && java.nio.file.Files.readString(autogroups).strip().equals("1")) {
            assertTrue(groups.group(1).startsWith("/autogroup-"), "the uclients' group was read: " + groups.group());
            assertNotEquals(groups.group(1), groups.group(2), "the uclients share the server's scheduler group: " + groups.group());
        }
        assertEquals(2, root.path("ratioConfabOverCoturn").path("relayedPacketsPerSecondPerRound").path("values").size(), root.toString());
        for (String ratio : List.of("relayedPacketsPerSecond", "relayedMbitPerSecond", "allocationsPerSecond", "kibPerAllocation")) {
            assertTrue(root.path("ratioConfabOverCoturn").has(ratio), "no ratio for " + ratio + ": " + root);
        }
    }

    @Test
    void anOddClientCountIsAUsageError() {
        Cli.Result result = Cli.run(Duration.ofSeconds(60), "bench", "turn", "--clients", "3");
        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("--clients must be even"), result.err());
    }

    @Test
    void noGeneratorsIsAUsageError() {
        Cli.Result result = Cli.run(Duration.ofSeconds(60), "bench", "turn", "--generators", "0");
        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("--generators must be 1-16, got 0"), result.err());
    }
}
