package io.confab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * realtime-core's own process, as the launcher starts it: a bad key in the operator's file stops it
 * before it touches PostgreSQL or Kafka, with exit code 2 and one line naming the key.
 */
class RealtimeCoreStartupRefusalTest {

    @TempDir
    Path dir;

    private record Exit(int code, String out, List<String> errLines) {
    }

    private Exit run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RealtimeCore.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("realtime-core did not stop within 60 s with " + List.of(args));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        return new Exit(process.exitValue(), out, err);
    }

    @Test
    void anUnknownKeyInTheOperatorFileStopsStartUpWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("core.properties"), "# sized for the big room\nroom-max-participant=500\n");
        Exit exit = run("--token-secret=" + "ab".repeat(32), "--config=" + file,
                "--jdbc-url=jdbc:postgresql://127.0.0.1:1/none", "--kafka=127.0.0.1:1");
        assertEquals(2, exit.code(), "exit code; stderr: " + exit.errLines());
        assertEquals(List.of("realtime-core: unknown key 'room-max-participant' in " + file
                + " (realtime-core.reference.properties lists every key)"), exit.errLines());
    }

    @Test
    void aValueOutOfRangeStopsStartUpNamingKeyValueAndRange() throws Exception {
        Path file = Files.writeString(dir.resolve("core.properties"), "sfu-handshake-threads=0\n");
        Exit exit = run("--token-secret=" + "ab".repeat(32), "--config=" + file);
        assertEquals(2, exit.code(), "exit code; stderr: " + exit.errLines());
        assertEquals(List.of("realtime-core: sfu-handshake-threads (in " + file
                + ") must be a whole number from 1 to 1024, got '0'"), exit.errLines());
    }

    @Test
    void helpPrintsEveryKeyWithItsComment() throws Exception {
        Exit exit = run("--help");
        assertEquals(0, exit.code(), "exit code; stderr: " + exit.errLines());
        assertTrue(exit.out().startsWith("Usage: realtime-core [--config=FILE] [--key=value ...]"), exit.out());
        for (String key : io.confab.core.config.Settings.referenceKeys()) {
            assertTrue(exit.out().contains("\n" + key + "="), "--help lists " + key);
        }
    }
}
