package io.confab.orchestration;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM started with INT and TERM ignored, as a shell starts a background job, stops on either
 * once {@link StopSignals} took them back, and runs its shutdown hooks. Each case is a JVM of its
 * own: a disposition is inherited at exec and cannot be set up inside the test's JVM.
 */
class StopSignalsTest {

    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;

    /** The child: takes the signals back unless told to leave them, says so, and waits to be stopped. */
    public static void main(String[] args) throws InterruptedException {
        if (!args[0].equals("leave")) {
            StopSignals.takeBackIgnored();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hooks ran")));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    @Test
    void aJvmStartedWithIntIgnoredKeepsItIgnoredUnlessTakenBack() throws Exception {
        // What the launcher is up against: the JVM by itself installs no handler for an ignored INT.
        Process child = startIgnoringStopSignals("leave");
        try {
            assertTrue(ignored(child.pid()).testBit(SIGINT - 1), "the child inherited SIGINT ignored");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void anInheritedIgnoredIntStopsTheJvmThroughItsShutdownHooks() throws Exception {
        assertStopsOn(SIGINT, "INT");
    }

    @Test
    void anInheritedIgnoredTermStopsTheJvmThroughItsShutdownHooks() throws Exception {
        assertStopsOn(SIGTERM, "TERM");
    }

    private static void assertStopsOn(int number, String name) throws Exception {
        Process child = startIgnoringStopSignals("take-back");
        try {
            assertFalse(ignored(child.pid()).testBit(number - 1), "SIG" + name + " is no longer ignored");
            new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).inheritIO().start().waitFor();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the JVM stopped on SIG" + name);
            assertEquals(128 + number, child.exitValue(), "exit status of a JVM stopped by SIG" + name);
            assertEquals("shutdown hooks ran", new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** Starts {@link #main} with INT and TERM ignored, and returns once it said it is ready. */
    private static Process startIgnoringStopSignals(String mode) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "trap '' INT TERM; exec \"$@\"", "bash",
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), StopSignalsTest.class.getName(), mode));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // Byte by byte, so nothing after the line is buffered away from the later read of the output.
        StringBuilder first = new StringBuilder();
        for (int b = child.getInputStream().read(); b != -1 && b != '\n'; b = child.getInputStream().read()) {
            first.append((char) b);
        }
        if (!first.toString().equals("ready")) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not start: " + first);
        }
        return child;
    }

    private static BigInteger ignored(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .map(line -> new BigInteger(line.substring("SigIgn:".length()).trim(), 16))
                .findFirst().orElseThrow();
    }
}
