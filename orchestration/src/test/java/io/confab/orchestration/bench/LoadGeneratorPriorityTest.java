package io.confab.orchestration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bench's load generator lowers its own scheduler autogroup, and only one it leads. */
class LoadGeneratorPriorityTest {

    private static final Path AUTOGROUP = Path.of("/proc/self/autogroup");

    @Test
    void theSessionIsReadFromAStatLineWhoseCommandHasSpacesAndParentheses() {
        assertEquals(4242, LoadGeneratorPriority.sessionOf("77 (java (x) y) S 1 76 4242 0 -1 4194560 11"));
        assertEquals(-1, LoadGeneratorPriority.sessionOf(null));
        assertEquals(-1, LoadGeneratorPriority.sessionOf("77 (java) S"));
    }

    @Test
    void aProcessInItsCallersSessionLeavesThatSessionsGroupAlone() throws Exception {
        assumeTrue(Files.exists(AUTOGROUP), "this kernel has no scheduler autogroups");
        long pid = ProcessHandle.current().pid();
        long session = LoadGeneratorPriority.sessionOf(Files.readString(Path.of("/proc/self/stat")));
        assumeTrue(session != pid, "the test JVM leads a session of its own");
        String before = Files.readString(AUTOGROUP).strip();
        String said = LoadGeneratorPriority.autogroup(10);
        assertEquals(before, Files.readString(AUTOGROUP).strip(), "the caller's group was changed: " + said);
        assertTrue(said.contains("left alone") || said.contains("autogroups are off"), said);
    }

    @Test
    void aProcessLeadingItsOwnSessionRaisesItsGroupsNiceValue() throws Exception {
        assumeTrue(Files.exists(AUTOGROUP) && "1".equals(Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled")).strip()),
                "this kernel has no scheduler autogroups on");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(List.of("setsid", java, "-cp", System.getProperty("java.class.path"),
                AutogroupProbe.class.getName(), "7")).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes()).strip();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
        assertEquals(0, probe.exitValue(), out);
        assertTrue(out.endsWith("nice 7"), "the probe's group after raising it: " + out);
        assertTrue(out.contains("below the platform"), out);
    }
}
