package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.orchestration.bench.TurnContender;
import io.confab.orchestration.bench.TurnLoad;
import io.confab.orchestration.bench.Uclient;
import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.StartupFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code confab bench turn}: Confab's TURN server against Debian's coturn {@code turnserver} on
 * this machine, both driven by coturn's own load client (see {@link TurnLoad}). Needs no running
 * platform; both servers run from a scratch directory on free ports and are stopped at the end.
 */
@Command(name = "turn", mixinStandardHelpOptions = true,
        description = {"Confab's TURN server and coturn's turnserver side by side, each its own process, driven by",
                "turnutils_uclient: relayed messages/s and Mbit/s, allocations/s, memory per allocation,",
                "and the ratio ours/coturn. The relay runs alternate, confab, coturn, confab, ..., for --rounds rounds;",
                "relay figures are medians with their range, with each server's and uclient's CPU. Several uclient",
                "processes (--generators) drive each server, in a scheduler group of their own; each round's line shows",
                "the cores the server, the uclients and the whole machine used while traffic flowed.",
                "Progress goes to stderr, the figures to stdout."})
final class TurnBench implements Callable<Integer>, ConfabCommand.UsesContext {

    @Option(names = "--clients", defaultValue = "20",
            description = "uclient clients in the relay run, in pairs, per uclient process (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--generators", defaultValue = "4",
            description = "uclient processes driving each relay run at once, each with --clients clients; one alone paces"
                    + " itself below what a server here can take (default: ${DEFAULT-VALUE}).")
    int generators;

    @Option(names = "--messages", defaultValue = "10000", description = "Messages each client sends (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--length", defaultValue = "200", description = "Payload bytes per message (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--allocations", defaultValue = "500",
            description = "Allocations opened as fast as possible and held, for allocations/s and memory (default: ${DEFAULT-VALUE}).")
    int allocations;

    @Option(names = "--warmup-messages", defaultValue = "2000",
            description = "Messages per client in a warm-up run against each server, 0 for none (default: ${DEFAULT-VALUE}).")
    int warmupMessages;

    @Option(names = "--rounds", defaultValue = "5",
            description = "Relay runs against each server, interleaved; figures are their medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    BenchFigures output;

    private ConfabCommand.ConfabContext context;

    @Override
    public void context(ConfabCommand.ConfabContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        TurnLoad.Settings settings = new TurnLoad.Settings(clients, messages, length, allocations, warmupMessages, rounds,
                generators);
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("confab bench turn: " + p));
            return ConfabCommand.USAGE;
        }
        if (!Files.isExecutable(Path.of(TurnContender.COTURN)) || !Uclient.installed()) {
            System.err.println("confab bench turn: needs Debian's coturn (" + TurnContender.COTURN + " and turnutils_uclient); "
                    + "install it with 'apt-get install coturn'");
            return ConfabCommand.FAILED;
        }
        Path dir = Files.createTempDirectory("confab-bench-turn-");
        TurnLoad.Comparison result;
        try {
            result = new TurnLoad(new Installation(context.home()), dir, TurnBench::progress).run(settings);
        } catch (StartupFailure | IOException e) {
            // The servers' logs stay for the post-mortem.
            System.err.println("confab bench turn: " + e.getMessage());
            System.err.println("  logs of both servers: " + dir);
            return ConfabCommand.FAILED;
        }
        deleteQuietly(dir);
        report(result);
        return 0;
    }

    private void report(TurnLoad.Comparison result) throws IOException {
        if (output.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("command", command());
            root.put("cores", Runtime.getRuntime().availableProcessors());
            root.put("generators", generators);
            root.set("confab", mapper.valueToTree(result.confab()));
            root.set("coturn", mapper.valueToTree(result.coturn()));
            ObjectNode ratio = root.putObject("ratioConfabOverCoturn");
            ratio.put("relayedPacketsPerSecond", round(result.packetsRatio()));
            ratio.put("relayedMbitPerSecond", round(result.mbitRatio()));
            ratio.put("allocationsPerSecond", round(result.allocationsRatio()));
            ratio.put("kibPerAllocation", round(result.memoryRatio()));
            ratio.set("relayedPacketsPerSecondPerRound", mapper.valueToTree(result.relayRatioPerRound()));
            System.out.println(mapper.writeValueAsString(root));
            return;
        }
        TurnLoad.Figures ours = result.confab();
        TurnLoad.Figures coturn = result.coturn();
        System.out.println(command() + "  (" + Runtime.getRuntime().availableProcessors() + " cores)");
        System.out.printf(Locale.ROOT, "%-28s %12s %12s %12s%n", "", "confab", "coturn", "confab/coturn");
        row("relayed messages/s, median", ours.relayedPacketsPerSecond(), coturn.relayedPacketsPerSecond(), result.packetsRatio(), "%.0f");
        row("relayed payload Mbit/s", ours.relayedMbitPerSecond(), coturn.relayedMbitPerSecond(), result.mbitRatio(), "%.1f");
        System.out.printf(Locale.ROOT, "%-28s %12s %12s %12s%n", "  range over " + rounds + " rounds",
                range(ours.relayedPerSecond()), range(coturn.relayedPerSecond()),
                String.format(Locale.ROOT, "%.2f-%.2f", result.relayRatioPerRound().min(), result.relayRatioPerRound().max()));
        row("messages lost %", ours.lossPercent(), coturn.lossPercent(), Double.NaN, "%.2f");
        row("server CPU, whole run", ours.serverCpuCores(), coturn.serverCpuCores(), Double.NaN, "%.2f");
        row("server cores, flowing", ours.serverCoresWhileRelaying().median(), coturn.serverCoresWhileRelaying().median(),
                Double.NaN, "%.2f");
        row("uclients' cores, flowing", ours.generatorCoresWhileRelaying().median(), coturn.generatorCoresWhileRelaying().median(),
                Double.NaN, "%.2f");
        row("relayed per server CPU-s", ours.relayedPerServerCpuSecond(), coturn.relayedPerServerCpuSecond(),
                ours.relayedPerServerCpuSecond() / coturn.relayedPerServerCpuSecond(), "%.0f");
        row("uclients' CPU, cores", ours.clientCpuCores(), coturn.clientCpuCores(), Double.NaN, "%.2f");
        row("allocations/s", ours.allocationsPerSecond(), coturn.allocationsPerSecond(), result.allocationsRatio(), "%.0f");
        row("RSS idle MiB", ours.idleRssMiB(), coturn.idleRssMiB(), Double.NaN, "%.1f");
        row("RSS with allocations MiB", ours.rssWithAllocationsMiB(), coturn.rssWithAllocationsMiB(), Double.NaN, "%.1f");
        row("KiB per allocation", ours.kibPerAllocation(), coturn.kibPerAllocation(), result.memoryRatio(), "%.2f");
        System.out.println();
        System.out.println("Each round while traffic flowed (cores of " + Runtime.getRuntime().availableProcessors()
                + "; a server near the cores it can use was the bottleneck):");
        System.out.printf(Locale.ROOT, "%-6s %-7s %12s %8s %10s %9s%n", "round", "server", "messages/s", "server", "uclients", "machine");
        for (int round = 0; round < ours.relayedPerSecond().values().size(); round++) {
            roundRow(round, ours);
            roundRow(round, coturn);
        }
    }

    private static void roundRow(int round, TurnLoad.Figures figures) {
        System.out.printf(Locale.ROOT, "%-6d %-7s %12.0f %8.2f %10.2f %9.2f%n", round + 1, figures.server(),
                figures.relayedPerSecond().values().get(round), figures.serverCoresWhileRelaying().values().get(round),
                figures.generatorCoresWhileRelaying().values().get(round), figures.machineCoresWhileRelaying().values().get(round));
    }

    private static String range(io.confab.orchestration.bench.Spread spread) {
        return String.format(Locale.ROOT, "%.0f-%.0f", spread.min(), spread.max());
    }

    private static void row(String label, double ours, double coturn, double ratio, String format) {
        System.out.printf(Locale.ROOT, "%-28s %12s %12s %12s%n", label, String.format(Locale.ROOT, format, ours),
                String.format(Locale.ROOT, format, coturn), Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio));
    }

    private String command() {
        return "confab bench turn --clients " + clients + " --messages " + messages + " --length " + length
                + " --allocations " + allocations + " --warmup-messages " + warmupMessages + " --rounds " + rounds
                + " --generators " + generators;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void progress(String line) {
        System.err.println(line);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("confab bench turn: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
