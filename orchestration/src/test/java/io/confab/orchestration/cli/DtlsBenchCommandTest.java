package io.confab.orchestration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.Cli;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code confab bench dtls} as a script uses it: no platform, tiny numbers, the JSON fields, and bad input refused. */
class DtlsBenchCommandTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    void theDtlsBenchHandshakesEveryTransportAndReportsMediansAndRanges() throws Exception {
        Cli.Result result = Cli.run(LIMIT, "bench", "dtls", "--transports", "20", "--threads", "2", "--queue", "8",
                "--client-threads", "4", "--runs", "2", "--json");
        assertEquals(0, result.exitCode(), "exit code; stderr: " + result.err());
        JsonNode figures = new ObjectMapper().readTree(result.out());
        assertEquals(20, figures.path("completed").path("median").asInt(), result.out());
        assertEquals(0, figures.path("failed").path("max").asInt(), result.out());
        assertEquals(2, figures.path("handshakesPerSecond").path("values").size(), "one value per run: " + result.out());
        assertTrue(figures.path("handshakesPerServerCpuSecond").path("min").asDouble() > 0, result.out());
        assertTrue(figures.path("serverThreadsUsed").path("max").asInt() <= 2, "within --threads: " + result.out());
        assertTrue(figures.path("loadAverageBefore").asText().matches("[0-9.]+ [0-9.]+ [0-9.]+"), result.out());
    }

    @Test
    void badNumbersAreRefusedWithTheOptionsNamed() {
        Cli.Result result = Cli.run(LIMIT, "bench", "dtls", "--transports", "0");
        assertEquals(ConfabCommand.USAGE, result.exitCode(), "exit code; stderr: " + result.err());
        assertTrue(result.err().contains("--transports 1 to 10000"), result.err());
    }

    @Test
    void helpDescribesTheBench() {
        Cli.Result result = Cli.run(LIMIT, "bench", "dtls", "--help");
        assertEquals(0, result.exitCode(), "exit code; stderr: " + result.err());
        assertTrue(result.out().startsWith("Usage: confab bench dtls"), result.out());
    }
}
