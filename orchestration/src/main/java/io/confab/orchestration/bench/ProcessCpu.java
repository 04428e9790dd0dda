package io.confab.orchestration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user plus system, from {@code /proc/PID/stat}), so a bench can
 * charge each side only its own work: the servers and the load generator share this machine's cores.
 */
public final class ProcessCpu {

    /** Linux reports these fields in USER_HZ, 100 per second on every architecture it runs on here. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds used so far by {@code pid}; 0 for a pid of 0 or less (not known). */
    public static double seconds(long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name (field 2) may hold spaces and parentheses; fields are counted after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** This JVM's own CPU seconds so far. */
    public static double ofThisProcess() throws IOException {
        return seconds(ProcessHandle.current().pid());
    }
}
