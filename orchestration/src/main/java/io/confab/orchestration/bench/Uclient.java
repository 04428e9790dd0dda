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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of coturn's load client {@code turnutils_uclient}, read as it goes: uclient prints its
 * send and receive totals about once a second, and each such line is stamped with the time it
 * arrived, so a rate can be taken over the seconds when traffic flowed rather than over uclient's
 * whole run (which starts each client 1-6 s late and waits after the last packet). Under
 * {@code stdbuf -oL} so those lines are not held back in a pipe buffer.
 */
public final class Uclient {

    static final String COMMAND = "turnutils_uclient";
    private static final Pattern TOTALS = Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)");
    /** A line of bash's {@code times}: user and system time, here of the shell's children (uclient). */
    private static final Pattern TIMES = Pattern.compile("^(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s$");
    /** Runs the command, then prints its CPU time with {@code times}, and exits with its status. */
    private static final String WITH_TIMES = "\"$@\"; status=$?; times; exit $status";

    /** The received-message total at one moment of the run. */
    public record Sample(long nanos, long received) {
    }

    /**
     * What a run showed.
     *
     * @param connectedNanos when uclient reported every client allocated ("Total connect time"), or -1
     * @param cpuSeconds     uclient's own CPU time (user + system), NaN when it could not be read
     */
    public record Run(long startNanos, long connectedNanos, long endNanos, List<Sample> samples, long sent,
                      long received, int exitCode, String output, double cpuSeconds) {

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
            Sample from = firstReaching(received * 0.1);
            Sample to = firstReaching(received * 0.9);
            if (from == null || to == null || to.nanos() <= from.nanos()) {
                return Double.NaN;
            }
            return (to.received() - from.received()) / ((to.nanos() - from.nanos()) / 1e9);
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

    /** Runs {@code turnutils_uclient ARGS}, killing it after {@code timeout}. */
    public static Run run(List<String> args, Duration timeout) throws IOException, InterruptedException {
        // Under bash, whose times builtin reports uclient's CPU: the load generator's own cost is shown too.
        List<String> command = new ArrayList<>(List.of("bash", "-c", WITH_TIMES, COMMAND));
        if (onPath("stdbuf")) {
            command.addAll(List.of("stdbuf", "-oL", "-eL"));
        }
        command.add(COMMAND);
        command.addAll(args);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
        long connected = -1;
        long sent = 0;
        long received = 0;
        double cpu = Double.NaN;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long now = System.nanoTime();
                keepTail(output, line);
                if (connected < 0 && line.contains("Total connect time")) {
                    connected = now;
                }
                Matcher times = TIMES.matcher(line.strip());
                if (times.matches()) {
                    // The second of the two lines (the children's) comes last.
                    cpu = Long.parseLong(times.group(1)) * 60 + Double.parseDouble(times.group(2))
                            + Long.parseLong(times.group(3)) * 60 + Double.parseDouble(times.group(4));
                    continue;
                }
                Matcher totals = TOTALS.matcher(line);
                if (totals.find()) {
                    sent = Long.parseLong(totals.group(1));
                    received = Long.parseLong(totals.group(2));
                    samples.add(new Sample(now, received));
                }
            }
        }
        int exit = process.waitFor();
        long end = System.nanoTime();
        deadline.cancel(true);
        return new Run(start, connected, end, List.copyOf(samples), sent, Math.min(received, sent), exit, output.toString(), cpu);
    }

    /** uclient first (a child of bash, it holds the output pipe open), then bash. */
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
