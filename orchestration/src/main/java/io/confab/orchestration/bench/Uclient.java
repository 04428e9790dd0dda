package io.confab.orchestration.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of coturn's load client {@code turnutils_uclient}, as one process or several started
 * together with the same arguments, read as it goes: each uclient prints its send and receive
 * totals about once a second, and each such line is stamped with the time it arrived, so a rate can
 * be taken over the seconds when traffic flowed rather than over uclient's whole run (which starts
 * each client 1-6 s late and waits after the last packet). Under {@code stdbuf -oL} so those lines
 * are not held back in a pipe buffer.
 *
 * <p>One uclient process paces itself (a 1 ms timer, at most 51 messages per client per tick) and
 * drives a server on this machine well below what the server can take, so a bench that wants to
 * see the server's limit runs several. They all run under one shell started with {@code setsid}:
 * a session, and so a scheduler autogroup (see {@link LoadGeneratorPriority}), of their own, apart
 * from the server under test, which then gets its share of the CPU however many uclients there
 * are. The shell prefixes each line with the number of the uclient that printed it.
 */
public final class Uclient {

    static final String COMMAND = "turnutils_uclient";
    /** A line as the shell passes it on: which uclient, then what it printed. */
    private static final Pattern NUMBERED = Pattern.compile("^(\\d+) (.*)$");
    private static final Pattern TOTALS = Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)");
    /** A line of bash's {@code times}: user and system time, here of the shell's children (the uclients). */
    private static final Pattern TIMES = Pattern.compile("^(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s$");
    /**
     * Starts uclient {@code $1} times with the arguments that follow, each line it prints numbered;
     * waits for them all, prints their CPU time with {@code times}, and exits with the first failing
     * uclient's status (pipefail: the numbering loop would otherwise hide it).
     */
    private static final String GROUP = """
            count=$1; shift
            pids=()
            for i in $(seq 1 "$count"); do
              ( set -o pipefail
                "$@" 2>&1 | while IFS= read -r line; do printf '%d %s\\n' "$i" "$line"; done ) &
              pids+=($!)
            done
            status=0
            for pid in "${pids[@]}"; do
              wait "$pid" || { s=$?; [ "$status" -eq 0 ] && status=$s; }
            done
            times
            exit $status
            """;

    /** The received-message total, over every uclient of the run, at one moment. */
    public record Sample(long nanos, long received) {
    }

    /**
     * What a run showed.
     *
     * @param connectedNanos when every uclient reported every client allocated ("Total connect time"), or -1
     * @param cpuSeconds     the uclients' own CPU time (user + system), NaN when it could not be read
     * @param processes      how many uclient processes ran
     */
    public record Run(long startNanos, long connectedNanos, long endNanos, List<Sample> samples, long sent,
                      long received, int exitCode, String output, double cpuSeconds, int processes) {

        public double secondsToConnect() {
            return (connectedNanos < 0 ? endNanos - startNanos : connectedNanos - startNanos) / 1e9;
        }

        public double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        public double lossPercent() {
            return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        }

        /**
         * Messages received per second while traffic flowed: between the first samples past 10% and
         * past 90% of the final total, so neither the staggered start nor the tail counts. Both ends
         * are real samples, so the rate is exact for that stretch. NaN when fewer than two samples
         * fell inside it (a run too short to measure).
         */
        public double receivedPerSecond() {
            long[] window = flowWindow();
            if (window.length == 0) {
                return Double.NaN;
            }
            return (window[3] - window[2]) / ((window[1] - window[0]) / 1e9);
        }

        /**
         * The stretch {@link #receivedPerSecond} is taken over: its start and end in
         * {@link System#nanoTime} and the received totals at both, or an empty array when there is
         * none. A bench reads other counters (CPU time) over the same stretch.
         */
        public long[] flowWindow() {
            Sample from = firstReaching(received * 0.1);
            Sample to = firstReaching(received * 0.9);
            if (from == null || to == null || to.nanos() <= from.nanos()) {
                return new long[0];
            }
            return new long[] {from.nanos(), to.nanos(), from.received(), to.received()};
        }

        private Sample firstReaching(double count) {
            return samples.stream().filter(s -> s.received() > 0 && s.received() >= count).findFirst().orElse(null);
        }
    }

    private Uclient() {
    }

    /** Whether the client tools are installed (Debian's coturn package). */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/" + COMMAND)) || onPath(COMMAND);
    }

    /** Runs one {@code turnutils_uclient ARGS}, killing it after {@code timeout}. */
    public static Run run(List<String> args, Duration timeout) throws IOException, InterruptedException {
        return run(args, 1, timeout, group -> { });
    }

    /**
     * Runs {@code processes} uclients with the same {@code ARGS} at once, in a session of their own,
     * killing them after {@code timeout}.
     *
     * @param started told the shell that leads the uclients as soon as it runs (its descendants are the uclients)
     */
    public static Run run(List<String> args, int processes, Duration timeout, Consumer<ProcessHandle> started)
            throws IOException, InterruptedException {
        if (processes < 1) {
            throw new IllegalArgumentException("uclient processes must be at least 1, got " + processes);
        }
        List<String> command = new ArrayList<>();
        if (onPath("setsid")) {
            // --wait: where setsid must fork to lead a new session, it still ends only with the shell.
            command.addAll(List.of("setsid", "--wait"));
        }
        command.addAll(List.of("bash", "-c", GROUP, COMMAND, Integer.toString(processes)));
        if (onPath("stdbuf")) {
            command.addAll(List.of("stdbuf", "-oL", "-eL"));
        }
        command.add(COMMAND);
        command.addAll(args);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // In a session of their own, the uclients are out of reach of a Ctrl-C to the bench: stop them as the bench stops.
        Thread stopWithTheBench = new Thread(() -> kill(process), "uclient-stop");
        Runtime.getRuntime().addShutdownHook(stopWithTheBench);
        started.accept(process.toHandle());
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                }
            } catch (InterruptedException e) {
                kill(process);
            }
        });
        List<Sample> samples = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        long[] sentBy = new long[processes + 1];
        long[] receivedBy = new long[processes + 1];
        int connectedCount = 0;
        long connected = -1;
        double cpu = Double.NaN;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long now = System.nanoTime();
                keepTail(output, line);
                Matcher numbered = NUMBERED.matcher(line);
                if (!numbered.matches()) {
                    Matcher times = TIMES.matcher(line.strip());
                    if (times.matches()) {
                        // The second of the two lines (the children's) comes last.
                        cpu = Long.parseLong(times.group(1)) * 60 + Double.parseDouble(times.group(2))
                                + Long.parseLong(times.group(3)) * 60 + Double.parseDouble(times.group(4));
                    }
                    continue;
                }
                int which = Integer.parseInt(numbered.group(1));
                String said = numbered.group(2);
                if (which < 1 || which > processes) {
                    continue;
                }
                if (said.contains("Total connect time") && ++connectedCount == processes) {
                    connected = now;
                }
                Matcher totals = TOTALS.matcher(said);
                if (totals.find()) {
                    sentBy[which] = Long.parseLong(totals.group(1));
                    receivedBy[which] = Long.parseLong(totals.group(2));
                    samples.add(new Sample(now, sum(receivedBy)));
                }
            }
        }
        int exit = process.waitFor();
        long end = System.nanoTime();
        deadline.cancel(true);
        try {
            Runtime.getRuntime().removeShutdownHook(stopWithTheBench);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway; the uclients have ended.
        }
        long sent = sum(sentBy);
        return new Run(start, connected, end, List.copyOf(samples), sent, Math.min(sum(receivedBy), sent), exit,
                output.toString(), cpu, processes);
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    /** The uclients first (they hold the output pipe open), then the shell. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The last few kilobytes of output, for an error message; uclient can print a great deal. */
    private static void keepTail(StringBuilder output, String line) {
        output.append(line).append('\n');
        if (output.length() > 16_384) {
            output.delete(0, output.length() - 8_192);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
