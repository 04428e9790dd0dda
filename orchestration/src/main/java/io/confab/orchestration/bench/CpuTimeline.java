package io.confab.orchestration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The CPU time of a server, of a load generator's process tree and of the whole machine, read from
 * {@code /proc} every {@link #PERIOD_MILLIS} ms while a bench run goes, so the cores each used can be
 * taken over any stretch of the run: a bench reads them over the seconds when traffic flowed, and a
 * reader sees whether the server or the load generator was the bottleneck, and how much of the
 * machine others took. Over the whole run instead, the idle seconds of a staggered start and a
 * tail would make every share look small.
 */
public final class CpuTimeline implements AutoCloseable {

    static final long PERIOD_MILLIS = 100;
    /** Linux's USER_HZ, 100 on every architecture it runs on here (see ProcessCpu). */
    private static final double TICKS_PER_SECOND = 100.0;

    /**
     * Cores used over a stretch: CPU seconds over wall seconds. NaN where a counter could not be read.
     *
     * @param server    the server process
     * @param generator the load generator's processes
     * @param machine   every process on the machine (busy time in {@code /proc/stat})
     */
    public record Cores(double server, double generator, double machine) {
        static final Cores UNKNOWN = new Cores(Double.NaN, Double.NaN, Double.NaN);
    }

    private record Reading(long nanos, double server, double generator, double machine) {
    }

    private final long serverPid;
    private final AtomicReference<ProcessHandle> generator = new AtomicReference<>();
    private final List<Reading> readings = new ArrayList<>();
    private final Thread sampler;
    /** Generator processes seen so far and their last CPU time: a uclient that exits keeps counting. */
    private final java.util.Map<Long, Double> generatorCpu = new java.util.HashMap<>();
    /** The scheduler group of the generator's processes, once one was seen (its leader may not have left ours yet when it starts). */
    private volatile String generatorGroup = "not seen";

    private CpuTimeline(long serverPid) {
        this.serverPid = serverPid;
        this.sampler = new Thread(this::sample, "cpu-timeline");
        this.sampler.setDaemon(true);
    }

    /** Starts reading at once; {@link #generator} names the load generator when it has started. */
    public static CpuTimeline start(long serverPid) {
        CpuTimeline timeline = new CpuTimeline(serverPid);
        timeline.read();
        timeline.sampler.start();
        return timeline;
    }

    /** The process that leads the load generator: it and its descendants are counted. */
    public void generator(ProcessHandle leader) {
        generator.set(leader);
    }

    /** Where the load generator's processes were scheduled ({@code /proc/PID/autogroup}), or "not seen". */
    public String generatorGroup() {
        return generatorGroup;
    }

    /** Cores used between two {@link System#nanoTime} instants, from the readings nearest to them. */
    public Cores between(long fromNanos, long toNanos) {
        List<Reading> copy;
        synchronized (readings) {
            copy = List.copyOf(readings);
        }
        Reading from = nearest(copy, fromNanos);
        Reading to = nearest(copy, toNanos);
        if (from == null || to == null || to.nanos() <= from.nanos()) {
            return Cores.UNKNOWN;
        }
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        return new Cores((to.server() - from.server()) / seconds, (to.generator() - from.generator()) / seconds,
                (to.machine() - from.machine()) / seconds);
    }

    @Override
    public void close() {
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            read();
        }
    }

    private void read() {
        Reading reading = new Reading(System.nanoTime(), processSeconds(serverPid), generatorSeconds(), machineBusySeconds());
        synchronized (readings) {
            readings.add(reading);
        }
    }

    private double generatorSeconds() {
        ProcessHandle leader = generator.get();
        if (leader != null) {
            generatorCpu.put(leader.pid(), processSeconds(leader.pid()));
            leader.descendants().forEach(p -> {
                if (generatorGroup.equals("not seen")) {
                    generatorGroup = LoadGeneratorPriority.groupOf(p.pid());
                }
                double seconds = processSeconds(p.pid());
                if (!Double.isNaN(seconds)) {
                    generatorCpu.put(p.pid(), seconds);
                }
            });
        }
        double sum = 0;
        for (double seconds : generatorCpu.values()) {
            sum += Double.isNaN(seconds) ? 0 : seconds;
        }
        return sum;
    }

    private static Reading nearest(List<Reading> readings, long nanos) {
        Reading best = null;
        for (Reading reading : readings) {
            if (best == null || Math.abs(reading.nanos() - nanos) < Math.abs(best.nanos() - nanos)) {
                best = reading;
            }
        }
        return best;
    }

    /** User plus system time of one process so far; NaN when it is gone or unreadable. */
    private static double processSeconds(long pid) {
        try {
            return ProcessCpu.seconds(pid);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Seconds every core of the machine spent busy (all but idle and iowait), from the first line of /proc/stat. */
    static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
