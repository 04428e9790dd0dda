package io.confab.orchestration.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.Cli;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code confab bench argon2} as a script uses it (no platform, a small cost, the JSON fields, bad
 * input refused), and {@code bench guessing}'s new {@code --rounds} refused when out of range.
 */
class Argon2BenchCommandTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    void theArgon2BenchMeasuresBothImplementationsEachRoundAndTheKeptArenaAllocatesLess() throws Exception {
        Cli.Result result = Cli.run(LIMIT, "bench", "argon2", "--memory-kib", "1024", "--iterations", "1",
                "--rounds", "2", "--seconds", "1", "--json");
        assertEquals(0, result.exitCode(), "exit code; stderr: " + result.err());
        JsonNode figures = new ObjectMapper().readTree(result.out());
        for (String implementation : new String[] {"keptArena", "bouncyCastle"}) {
            JsonNode perSecond = figures.path(implementation).path("checksPerSecond");
            assertEquals(2, perSecond.path("values").size(), "one value per round: " + result.out());
            assertTrue(perSecond.path("min").asDouble() > 0, result.out());
        }
        // Bouncy Castle allocates every block of 1 KiB anew (over 1 MiB a check here); the kernel
        // allocates what parsing the PHC string and encoding the password take.
        double kept = figures.path("keptArena").path("allocatedBytesPerCheck").path("median").asDouble();
        double bouncyCastle = figures.path("bouncyCastle").path("allocatedBytesPerCheck").path("median").asDouble();
        assertTrue(bouncyCastle > 1024 * 1024, result.out());
        assertTrue(kept < bouncyCastle / 20, "kept arena " + kept + " bytes a check against " + bouncyCastle);
        assertTrue(figures.path("loadAverageBefore").asText().matches("[0-9.]+ [0-9.]+ [0-9.]+"), result.out());
    }

    @Test
    void badNumbersAreRefusedWithTheOptionsNamed() {
        Cli.Result memory = Cli.run(LIMIT, "bench", "argon2", "--memory-kib", "4");
        assertEquals(ConfabCommand.USAGE, memory.exitCode(), "exit code; stderr: " + memory.err());
        assertTrue(memory.err().contains("--memory-kib"), memory.err());

        Cli.Result rounds = Cli.run(LIMIT, "bench", "guessing", "--rounds", "0");
        assertEquals(ConfabCommand.USAGE, rounds.exitCode(), "exit code; stderr: " + rounds.err());
        assertTrue(rounds.err().contains("--rounds 1 to 20"), rounds.err());
    }

    @Test
    void helpDescribesTheBenches() {
        Cli.Result argon2 = Cli.run(LIMIT, "bench", "argon2", "--help");
        assertEquals(0, argon2.exitCode(), "exit code; stderr: " + argon2.err());
        assertTrue(argon2.out().startsWith("Usage: confab bench argon2"), argon2.out());
        Cli.Result guessing = Cli.run(LIMIT, "bench", "guessing", "--help");
        assertTrue(guessing.out().contains("--rounds"), guessing.out());
    }
}
