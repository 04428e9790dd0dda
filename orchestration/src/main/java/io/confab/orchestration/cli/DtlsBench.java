package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.core.sfu.dtls.HandshakeCrowd;
import io.confab.orchestration.bench.ProcessCpu;
import io.confab.orchestration.bench.Spread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code confab bench dtls}: DTLS-SRTP handshakes per second and per CPU-second of the server side,
 * many transports joining at once over loopback, in this JVM (no platform needed).
 */
@Command(name = "dtls", mixinStandardHelpOptions = true,
        description = {"DTLS-SRTP handshakes per second, and per CPU-second of the server side, with --transports",
                "transports joining at once over loopback UDP: the SFU's DTLS sessions on its bounded pool against",
                "the bot's client role. Runs in this JVM, no platform needed. Runs --runs times after one warm-up",
                "run and reports each figure's median and range."})
final class DtlsBench implements Callable<Integer> {

    @Option(names = "--transports", defaultValue = "500", description = "Transports joining at once (default: ${DEFAULT-VALUE}).")
    int transports;

    @Option(names = "--threads", defaultValue = "32",
            description = "The server's DTLS threads, as sfu-handshake-threads (default: ${DEFAULT-VALUE}, the reference file's).")
    int threads;

    @Option(names = "--queue", defaultValue = "256",
            description = "Server tasks waiting for a thread, as sfu-handshake-queue (default: ${DEFAULT-VALUE}, the reference file's).")
    int queue;

    @Option(names = "--client-threads", defaultValue = "64",
            description = "Threads the clients' handshakes share, the load generator's (default: ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(names = "--timeout-seconds", defaultValue = "30",
            description = "Each handshake's timeout, as sfu-handshake-timeout-seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    BenchFigures output;

    @Override
    public Integer call() throws Exception {
        if (transports < 1 || transports > 10_000 || threads < 1 || queue < 0 || clientThreads < 1 || timeoutSeconds < 1
                || runs < 1 || runs > 50) {
            System.err.println("confab bench dtls: needs --transports 1 to 10000, --threads >= 1, --queue >= 0,"
                    + " --client-threads >= 1, --timeout-seconds >= 1, --runs 1 to 50");
            return ConfabCommand.USAGE;
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        HandshakeCrowd crowd = new HandshakeCrowd(new HandshakeCrowd.Settings(transports, threads, queue, clientThreads, timeout));
        String loadBefore = BenchFigures.loadAverage();
        System.err.println("bench dtls: warm-up run (not counted), load average " + loadBefore);
        crowd.run();
        List<HandshakeCrowd.Outcome> all = new ArrayList<>();
        List<Double> processCpu = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double cpuBefore = ProcessCpu.ofThisProcess();
            HandshakeCrowd.Outcome outcome = crowd.run();
            processCpu.add(ProcessCpu.ofThisProcess() - cpuBefore);
            all.add(outcome);
            System.err.printf(Locale.ROOT, "bench dtls: run %d of %d: %d of %d completed in %.2f s, %.0f/s, %.0f per server"
                            + " CPU-second, failed %s, refused %d, server threads %d%n", run, runs, outcome.completed(),
                    transports, outcome.seconds(), outcome.handshakesPerSecond(), outcome.handshakesPerServerCpuSecond(),
                    outcome.failures(), outcome.refusals(), outcome.serverThreadsUsed());
        }
        String loadAfter = BenchFigures.loadAverage();
        Spread perSecond = Spread.over(all, HandshakeCrowd.Outcome::handshakesPerSecond);
        Spread perCpuSecond = Spread.over(all, HandshakeCrowd.Outcome::handshakesPerServerCpuSecond);
        Spread serverCpu = Spread.over(all, HandshakeCrowd.Outcome::serverCpuSeconds);
        Spread completed = Spread.over(all, o -> o.completed());
        Spread failed = Spread.over(all, o -> o.failed());
        Spread refused = Spread.over(all, o -> o.refusals());
        Spread threadsUsed = Spread.over(all, o -> o.serverThreadsUsed());
        Spread wholeCpu = Spread.of(processCpu);
        if (output.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("transports", transports).put("threads", threads).put("queue", queue)
                    .put("clientThreads", clientThreads).put("timeoutSeconds", timeoutSeconds)
                    .put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter);
            out.set("handshakesPerSecond", mapper.valueToTree(perSecond));
            out.set("handshakesPerServerCpuSecond", mapper.valueToTree(perCpuSecond));
            out.set("serverCpuSeconds", mapper.valueToTree(serverCpu));
            out.set("processCpuSeconds", mapper.valueToTree(wholeCpu));
            out.set("completed", mapper.valueToTree(completed));
            out.set("failed", mapper.valueToTree(failed));
            out.set("refused", mapper.valueToTree(refused));
            out.set("serverThreadsUsed", mapper.valueToTree(threadsUsed));
            ArrayNode failures = out.putArray("failuresByRun");
            all.forEach(o -> failures.add(mapper.valueToTree(o.failures())));
            System.out.println(mapper.writeValueAsString(out));
        } else {
            System.out.printf(Locale.ROOT, "%d transports at once, server %d threads + %d queued, clients on %d threads,"
                    + " timeout %d s; load average %s before, %s after%n", transports, threads, queue, clientThreads,
                    timeoutSeconds, loadBefore, loadAfter);
            System.out.println("handshakes per second:            " + perSecond.describe("%.0f"));
            System.out.println("handshakes per server CPU-second: " + perCpuSecond.describe("%.0f"));
            System.out.println("server CPU seconds per run:       " + serverCpu.describe("%.2f"));
            System.out.println("this JVM's CPU seconds per run:   " + wholeCpu.describe("%.2f") + " (server and clients)");
            System.out.println("completed:                        " + completed.describe("%.0f"));
            System.out.println("failed:                           " + failed.describe("%.0f"));
            System.out.println("refused:                          " + refused.describe("%.0f"));
            System.out.println("server DTLS threads used:         " + threadsUsed.describe("%.0f"));
        }
        return 0;
    }
}
