package io.confab.orchestration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lowers this JVM's scheduling priority when it is a bench's load generator on the platform's own
 * machine. Its bots stand for people on other computers: at the same priority they took as much
 * CPU as the platform they measure (0.7 of 2 cores with twenty speakers), and the figure was then
 * of the bench, not of the platform.
 *
 * <p>Two levers, because Linux with scheduler autogroups ({@code kernel.sched_autogroup_enabled},
 * on by default on desktop and many server kernels) first shares the CPU between sessions'
 * groups and only then between threads by their nice values: a thread's nice value ranks it within
 * its own session only, so renicing the bench's threads did not make it yield to the platform,
 * which runs in a session of its own (measured 2026-12-05, transcription/README.md). So the
 * group's own nice value is raised too ({@code /proc/self/autogroup}, see sched(7)), and only
 * when this process leads a session of its own ({@code ./confab} starts {@code bench captions} and {@code bench sfu}
 * under {@code setsid}): otherwise the group is its caller's (a shell, perhaps a platform started
 * from it) and is left alone. Raising a nice value needs no privilege; lowering it would.
 */
public final class LoadGeneratorPriority {

    private static final Path AUTOGROUP = Path.of("/proc/self/autogroup");
    private static final Path AUTOGROUP_ENABLED = Path.of("/proc/sys/kernel/sched_autogroup_enabled");

    private LoadGeneratorPriority() {
    }

    /**
     * Sets the nice value of every thread of this process to {@code nice} (0 to 19; 0 leaves them),
     * and of its autogroup when it leads its own session.
     *
     * @return a line saying what was done, or why it could not be
     */
    public static String lower(int nice) {
        if (nice <= 0) {
            return "the load generator runs at the platform's priority (--nice 0)";
        }
        return threads(nice) + "; " + autogroup(nice);
    }

    private static String threads(int nice) {
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> command.add(task.getFileName().toString()));
        } catch (IOException e) {
            return "its threads' priority is unchanged: they could not be listed (" + e.getMessage() + ")";
        }
        try {
            Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes()).strip();
            if (renice.waitFor() != 0) {
                return "its threads' priority is unchanged: renice said " + output;
            }
            return "the load generator's threads (bots and listener) run at nice " + nice;
        } catch (IOException e) {
            return "its threads' priority is unchanged: renice could not run (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "its threads' priority is unchanged: interrupted";
        }
    }

    /** What became of the autogroup: raised, or why not (the line names the reason). */
    static String autogroup(int nice) {
        String enabled = read(AUTOGROUP_ENABLED);
        if (enabled == null || !Files.exists(AUTOGROUP)) {
            return "this kernel has no scheduler autogroups, so the threads' nice value is all it takes";
        }
        if (enabled.equals("0")) {
            return "scheduler autogroups are off (kernel.sched_autogroup_enabled = 0), so the threads' nice value is all it takes";
        }
        long pid = ProcessHandle.current().pid();
        long session = sessionOf(read(Path.of("/proc/self/stat")));
        if (session != pid) {
            return "its autogroup is left alone: this process (" + pid + ") does not lead a session of its own (session " + session
                    + "; './confab bench captions' and 'bench sfu' start under setsid), and the group it shares is its caller's, so on a kernel"
                    + " with autogroups (this one) it does not yield to a platform in another session";
        }
        try {
            Files.writeString(AUTOGROUP, Integer.toString(nice));
        } catch (IOException | SecurityException e) {
            return "its autogroup's nice value could not be raised (writing /proc/self/autogroup: " + e.getMessage()
                    + "), so on this kernel it does not yield to a platform in another session";
        }
        String now = read(AUTOGROUP);
        return "its session's autogroup runs at " + (now == null ? "nice " + nice : now.replaceFirst("^/", ""))
                + ", below the platform's";
    }

    /**
     * The scheduler group a process runs in, as {@code /proc/PID/autogroup} says it ("/autogroup-42
     * nice 0"), for a bench to show that its load generator and the server it measures are apart;
     * "none" on a kernel without autogroups, "off" where they are switched off.
     */
    public static String groupOf(long pid) {
        String enabled = read(AUTOGROUP_ENABLED);
        if ("0".equals(enabled)) {
            return "off";
        }
        String group = read(Path.of("/proc/" + pid + "/autogroup"));
        return group == null ? "none" : group;
    }

    /** The session id in a {@code /proc/PID/stat} line (the sixth field, after the parenthesised command name); -1 if unreadable. */
    static long sessionOf(String stat) {
        if (stat == null) {
            return -1;
        }
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 2).split(" ");
        try {
            return Long.parseLong(fields[3]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
