package io.confab.orchestration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How the threads of one kind in a process spent a stretch of wall time, from the kernel's
 * {@code /proc/PID/task/TID/schedstat}: on a core, runnable but waiting for one, or neither (parked
 * on a lock, a queue, I/O or a sleep). A thread that Flink calls busy but that gets little CPU is
 * either starved (it waits for a core: the machine is short of CPU) or blocked (it waits for
 * something else: a fix in the code): the two need opposite remedies, and CPU time alone cannot
 * tell them apart.
 */
public final class ThreadSchedule {

    /** One thread's counters at one moment: nanoseconds on a core and waiting in the run queue. */
    public record Counters(String name, long runningNs, long waitingNs) {
    }

    /**
     * One thread's shares of a stretch of wall time; they add up to 1.
     *
     * @param thread  the thread's name as the kernel keeps it (at most 15 characters)
     * @param running on a core
     * @param waiting runnable, in the run queue, not on a core
     * @param blocked neither: waiting for something other than a core
     */
    public record Shares(String thread, double running, double waiting, double blocked) {
    }

    private ThreadSchedule() {
    }

    /** The counters of each thread of {@code pid} whose name starts with {@code prefix}, by thread id; empty when unreadable. */
    public static Map<Long, Counters> sample(long pid, String prefix) {
        Map<Long, Counters> threads = new HashMap<>();
        if (pid <= 0) {
            return threads;
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith(prefix)) {
                        String[] fields = Files.readString(task.resolve("schedstat")).strip().split(" ");
                        threads.put(Long.parseLong(task.getFileName().toString()),
                                new Counters(name, Long.parseLong(fields[0]), Long.parseLong(fields[1])));
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it has no share to report.
                }
            });
        } catch (IOException e) {
            // The process is gone or not ours to read.
        }
        return threads;
    }

    /**
     * The shares of the thread that ran most between two samples taken {@code wallNanos} apart;
     * empty when no thread was in both.
     */
    public static Optional<Shares> busiest(Map<Long, Counters> before, Map<Long, Counters> after, long wallNanos) {
        Shares busiest = null;
        for (Map.Entry<Long, Counters> thread : after.entrySet()) {
            Counters start = before.get(thread.getKey());
            if (start == null || wallNanos <= 0) {
                continue;
            }
            double running = Math.min(1, (thread.getValue().runningNs() - start.runningNs()) / (double) wallNanos);
            double waiting = Math.min(1 - running, (thread.getValue().waitingNs() - start.waitingNs()) / (double) wallNanos);
            if (busiest == null || running > busiest.running()) {
                busiest = new Shares(thread.getValue().name(), running, waiting, Math.max(0, 1 - running - waiting));
            }
        }
        return Optional.ofNullable(busiest);
    }
}
