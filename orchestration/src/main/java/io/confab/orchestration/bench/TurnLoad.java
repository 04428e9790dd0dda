package io.confab.orchestration.bench;

import io.confab.core.turn.EphemeralCredential;
import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.StartupFailure;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Confab's TURN server and coturn's {@code turnserver} side by side on this machine, each in its
 * own process, driven one after the other by the same client ({@code turnutils_uclient}) with the
 * same ephemeral credential:
 *
 * <ol>
 *   <li>warm-up: a short relay run against each (the JVM compiles its hot path; coturn gets the same);
 *   <li>idle resident memory of each;
 *   <li>allocations: {@code uclient -O} opens N allocations as fast as answers come (each with its
 *       401 round trip, permission and channel binding) and leaves them open; allocations per
 *       second, then resident memory again, the difference over N per allocation;
 *   <li>relay: {@code uclient -y -c -z 0}, pairs of clients sending to each other through their
 *       allocations as fast as uclient can, from several uclient processes at once (one paces
 *       itself below what a server here can take), all in a scheduler group of their own; messages
 *       received per second, and payload Mbit/s. The relay runs are interleaved, confab, coturn,
 *       confab, coturn..., for {@code rounds} rounds, and each figure is the median with its range:
 *       a burst of load from elsewhere on the machine lands on one run of one side, not on a whole
 *       side. Each run also records the CPU time the server and the uclients used, over the whole
 *       run and over the seconds when traffic flowed ({@link CpuTimeline}), with the machine's, so
 *       per-CPU-second rates, the load generator's cost, and which side was the bottleneck show.
 * </ol>
 *
 * Each message crosses the server twice (client to relay, relay to the partner's relay, out to
 * the partner), and a server on this machine shares its two cores with the uclients.
 */
public final class TurnLoad {

    /**
     * What to run.
     *
     * @param clients        uclient -m for the relay run (even: clients pair up), per uclient process
     * @param messages       uclient -n, messages each client sends
     * @param length         uclient -l, payload bytes per message
     * @param allocations    allocations held open for the allocation rate and memory (even)
     * @param warmupMessages messages per client in the warm-up run, 0 for none
     * @param rounds         relay runs per server, interleaved
     * @param generators     uclient processes in each relay run (and the warm-up), each with {@code clients} clients
     */
    public record Settings(int clients, int messages, int length, int allocations, int warmupMessages, int rounds,
                           int generators) {
        /** Each server relays from a range this large: the held allocations plus the relay run's. */
        static final int RELAY_PORTS = 2200;
        static final int MAX_GENERATORS = 16;

        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (clients < 2 || clients % 2 != 0 || clients > 200) {
                problems.add("--clients must be even, 2-200, got " + clients);
            }
            if (messages < 1) {
                problems.add("--messages must be at least 1, got " + messages);
            }
            if (length < 4 || length > 1400) {
                problems.add("--length must be 4-1400 bytes (one UDP datagram), got " + length);
            }
            if (generators < 1 || generators > MAX_GENERATORS) {
                problems.add("--generators must be 1-" + MAX_GENERATORS + ", got " + generators);
            }
            if (allocations < 2 || allocations % 2 != 0 || allocations + clients * Math.max(1, generators) > RELAY_PORTS) {
                problems.add("--allocations must be even, at least 2, and with --clients times --generators at most "
                        + RELAY_PORTS + ", got " + allocations);
            }
            if (rounds < 1 || rounds > 20) {
                problems.add("--rounds must be 1-20, got " + rounds);
            }
            if (warmupMessages < 0) {
                problems.add("--warmup-messages must be 0 or more, got " + warmupMessages);
            }
            return problems;
        }
    }

    /**
     * One server's figures. Relay figures are the medians over the rounds (messages sent and received
     * those of the median round); rates are NaN when a run was too short to measure.
     *
     * @param relayedPerSecond        messages received per second in each round, with the median and range
     * @param serverCpuCores          the server process's CPU time over each relay run's length, median
     * @param relayedPerServerCpuSecond messages relayed per second of the server's CPU, median
     * @param clientCpuCores          uclient's own CPU over each relay run's length, median (NaN unknown)
     * @param serverCoresWhileRelaying    the server's CPU, in cores, over the stretch each round's rate is taken
     *                                    over (traffic flowing), round by round: near the cores it can use, the
     *                                    server was the bottleneck
     * @param generatorCoresWhileRelaying the uclients' CPU over the same stretch, round by round
     * @param machineCoresWhileRelaying   every process's over the same stretch (what is left of the machine's
     *                                    cores was idle; what exceeds server plus uclients was others' load)
     */
    public record Figures(String server, double relayedPacketsPerSecond, double relayedMbitPerSecond,
                          long messagesSent, long messagesReceived, double lossPercent,
                          double allocationsPerSecond, double idleRssMiB, double rssWithAllocationsMiB,
                          double kibPerAllocation, Spread relayedPerSecond, double serverCpuCores,
                          double relayedPerServerCpuSecond, double clientCpuCores,
                          Spread serverCoresWhileRelaying, Spread generatorCoresWhileRelaying,
                          Spread machineCoresWhileRelaying) {
    }

    /** One relay run against one server; {@code flowing} is the cores used while traffic flowed. */
    record RelayRun(Uclient.Run run, double perSecond, double serverCpuSeconds, CpuTimeline.Cores flowing) {
    }

    /**
     * Both servers' figures, and ours over coturn's for each (of the medians).
     *
     * @param relayRatioPerRound ours over coturn's relayed messages per second, round by round
     */
    public record Comparison(Figures confab, Figures coturn, Spread relayRatioPerRound) {
        public double packetsRatio() {
            return confab.relayedPacketsPerSecond() / coturn.relayedPacketsPerSecond();
        }

        public double mbitRatio() {
            return confab.relayedMbitPerSecond() / coturn.relayedMbitPerSecond();
        }

        public double allocationsRatio() {
            return confab.allocationsPerSecond() / coturn.allocationsPerSecond();
        }

        /** Below 1.0 is better here: less memory per allocation. */
        public double memoryRatio() {
            return confab.kibPerAllocation() / coturn.kibPerAllocation();
        }
    }

    private static final Duration READY = Duration.ofSeconds(30);
    /** uclient paces itself; even a large run ends well within this, a hung one does not. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    /** Above Linux's ephemeral range (32768-60999), where uclient's own sockets are. */
    private static final int RELAY_BASE = 61000;

    private final Installation installation;
    private final Path dir;
    private final Consumer<String> progress;
    /** Where the last run's uclients and server were scheduled, for the progress lines. */
    private volatile String groups = "";

    public TurnLoad(Installation installation, Path dir, Consumer<String> progress) {
        this.installation = installation;
        this.dir = dir;
        this.progress = progress;
    }

    public Comparison run(Settings settings) throws IOException, InterruptedException, StartupFailure {
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        EphemeralCredential credential = EphemeralCredential.issue(secret, "bench", Instant.now().plus(Duration.ofHours(2)));
        Random random = new Random();
        int confabPort = freePort(random);
        int coturnPort = freePort(random);
        int half = Settings.RELAY_PORTS;
        progress.accept("starting confab's TURN server on 127.0.0.1:" + confabPort + " and coturn on 127.0.0.1:" + coturnPort + "...");
        try (TurnContender confab = TurnContender.confab(installation, dir, confabPort, RELAY_BASE, RELAY_BASE + half - 1,
                TurnContender.writeSecret(dir, secret));
             TurnContender coturn = TurnContender.coturn(dir, coturnPort, RELAY_BASE + half, RELAY_BASE + 2 * half - 1, secret)) {
            confab.awaitReady(READY);
            coturn.awaitReady(READY);
            List<TurnContender> both = List.of(confab, coturn);
            if (settings.warmupMessages() > 0) {
                for (TurnContender server : both) {
                    progress.accept(server.name() + ": warm-up, " + settings.generators() + " uclients x " + settings.clients()
                            + " clients x " + settings.warmupMessages() + " messages...");
                    try (CpuTimeline timeline = CpuTimeline.start(server.pid())) {
                        relay(server, credential, settings, settings.warmupMessages(), timeline);
                    }
                }
            }
            Thread.sleep(1000);
            double[] idle = {confab.memory().rssMiB(), coturn.memory().rssMiB()};
            double[] allocationsPerSecond = new double[2];
            double[] loaded = new double[2];
            for (int i = 0; i < 2; i++) {
                TurnContender server = both.get(i);
                progress.accept(server.name() + ": opening " + settings.allocations() + " allocations and holding them...");
                Uclient.Run run = Uclient.run(List.of("-O", "-c", "-m", Integer.toString(settings.allocations()), "-n", "1",
                        "-u", credential.username(), "-w", credential.password(), "-p", Integer.toString(server.port()),
                        "-e", "127.0.0.1", "127.0.0.1"), RUN_LIMIT);
                require(run, server);
                allocationsPerSecond[i] = settings.allocations() / run.seconds();
                Thread.sleep(1000);
                loaded[i] = server.memory().rssMiB();
                progress.accept(String.format(java.util.Locale.ROOT, "  %.0f allocations/s; RSS %.1f MiB idle, %.1f MiB holding them",
                        allocationsPerSecond[i], idle[i], loaded[i]));
            }
            List<List<RelayRun>> runs = List.of(new ArrayList<>(), new ArrayList<>());
            for (int round = 1; round <= settings.rounds(); round++) {
                for (int i = 0; i < 2; i++) {
                    TurnContender server = both.get(i);
                    progress.accept(server.name() + ": relaying, round " + round + " of " + settings.rounds() + ", "
                            + settings.generators() + " uclients x " + settings.clients() + " clients x " + settings.messages()
                            + " messages of " + settings.length() + " bytes...");
                    double cpuBefore = ProcessCpu.seconds(server.pid());
                    Uclient.Run run;
                    CpuTimeline.Cores flowing;
                    try (CpuTimeline timeline = CpuTimeline.start(server.pid())) {
                        run = relay(server, credential, settings, settings.messages(), timeline);
                        long[] window = run.flowWindow();
                        flowing = window.length == 0 ? CpuTimeline.Cores.UNKNOWN : timeline.between(window[0], window[1]);
                    }
                    double serverCpu = ProcessCpu.seconds(server.pid()) - cpuBefore;
                    RelayRun relayed = new RelayRun(run, run.receivedPerSecond(), serverCpu, flowing);
                    runs.get(i).add(relayed);
                    progress.accept(String.format(java.util.Locale.ROOT, "  %d of %d received (%.2f%% lost), %.0f messages/s;"
                                    + " CPU: server %.2f s, uclients %.2f s over %.1f s; while traffic flowed, in cores:"
                                    + " server %.2f, uclients %.2f, machine %.2f of %d",
                            run.received(), run.sent(), run.lossPercent(), relayed.perSecond(), serverCpu, run.cpuSeconds(), run.seconds(),
                            flowing.server(), flowing.generator(), flowing.machine(), Runtime.getRuntime().availableProcessors()));
                    progress.accept("  scheduler groups: " + groups);
                }
            }
            List<Figures> figures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                figures.add(figures(both.get(i).name(), runs.get(i), settings, allocationsPerSecond[i], idle[i], loaded[i]));
            }
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < settings.rounds(); round++) {
                ratios.add(runs.get(0).get(round).perSecond() / runs.get(1).get(round).perSecond());
            }
            return new Comparison(figures.get(0), figures.get(1), Spread.of(ratios));
        }
    }

    private static Figures figures(String server, List<RelayRun> runs, Settings settings, double allocationsPerSecond,
                                   double idle, double loaded) {
        Spread perSecond = Spread.of(runs.stream().map(RelayRun::perSecond).toList());
        // The median round stands for the counts: the run whose rate is nearest the median.
        RelayRun median = runs.stream().min(java.util.Comparator.comparingDouble(r -> Math.abs(r.perSecond() - perSecond.median())))
                .orElseThrow();
        Spread loss = Spread.of(runs.stream().map(r -> r.run().lossPercent()).toList());
        Spread serverCores = Spread.of(runs.stream().map(r -> r.serverCpuSeconds() / r.run().seconds()).toList());
        Spread perServerCpuSecond = Spread.of(runs.stream()
                .map(r -> r.serverCpuSeconds() > 0 ? r.run().received() / r.serverCpuSeconds() : Double.NaN).toList());
        Spread clientCores = Spread.of(runs.stream().map(r -> r.run().cpuSeconds() / r.run().seconds()).toList());
        return new Figures(server, perSecond.median(), perSecond.median() * settings.length() * 8 / 1e6,
                median.run().sent(), median.run().received(), loss.median(), allocationsPerSecond, idle, loaded,
                (loaded - idle) * 1024 / settings.allocations(), perSecond, serverCores.median(), perServerCpuSecond.median(),
                clientCores.median(), Spread.of(runs.stream().map(r -> r.flowing().server()).toList()),
                Spread.of(runs.stream().map(r -> r.flowing().generator()).toList()),
                Spread.of(runs.stream().map(r -> r.flowing().machine()).toList()));
    }

    private Uclient.Run relay(TurnContender server, EphemeralCredential credential, Settings settings, int messages,
                                     CpuTimeline timeline) throws IOException, InterruptedException {
        Uclient.Run run = Uclient.run(List.of("-y", "-c", "-z", "0", "-m", Integer.toString(settings.clients()),
                "-n", Integer.toString(messages), "-l", Integer.toString(settings.length()),
                "-u", credential.username(), "-w", credential.password(), "-p", Integer.toString(server.port()),
                "-e", "127.0.0.1", "127.0.0.1"), settings.generators(), RUN_LIMIT, timeline::generator);
        groups = "uclients in " + timeline.generatorGroup() + ", " + server.name() + " in " + LoadGeneratorPriority.groupOf(server.pid());
        require(run, server);
        return run;
    }

    private static void require(Uclient.Run run, TurnContender server) throws IOException {
        if (run.exitCode() != 0 || run.output().contains("Cannot complete Allocation")) {
            throw new IOException("turnutils_uclient against " + server.name() + " failed (exit " + run.exitCode()
                    + "); its last output:\n" + run.output());
        }
    }

    /** A port free for both UDP and TCP on loopback, below the ephemeral range (see Ports). */
    private static int freePort(Random random) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 20000 + random.nextInt(12000);
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(loopback, candidate));
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, candidate))) {
                    return candidate;
                }
            } catch (IOException taken) {
                // Try another.
            }
        }
        throw new IOException("no free port between 20000 and 32000 on loopback");
    }
}
