package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.bench.GuessingLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code confab bench guessing}: joins per second alone and under a passcode-guessing flood from other addresses. */
@Command(name = "guessing", mixinStandardHelpOptions = true,
        description = {"Join tickets per second (REST join with the right passcode, Argon2 included) from 127.0.0.1,",
                "alone and while a passcode-guessing flood against the same meeting comes from other loopback",
                "addresses (127.0.100.x), a new connection per guess. The flood runs as a process in a session of its",
                "own (its own scheduling group, whose nice --flood-nice raises), since it stands for machines elsewhere.",
                "Runs --rounds rounds interleaved (alone, flood, alone, flood, ...), each with a meeting and flood",
                "addresses of its own, and reports medians with their range; with the server's Argon2 time per check (p50)",
                "from its metrics. Needs a running platform ('confab up --detach'); Linux (all of 127/8 on lo, setsid)."})
final class GuessingBench implements Callable<Integer> {

    @Mixin
    PlatformOptions options;

    @Option(names = "--joiners", defaultValue = "4", description = "Threads joining (default: ${DEFAULT-VALUE}).")
    int joiners;

    @Option(names = "--flooders", defaultValue = "8", description = "Threads guessing (default: ${DEFAULT-VALUE}).")
    int flooders;

    @Option(names = "--flood-addresses", defaultValue = "1",
            description = "Loopback addresses the guesses come from (default: ${DEFAULT-VALUE}).")
    int floodAddresses;

    @Option(names = "--flood-nice", defaultValue = "0",
            description = "Nice value of the flood's scheduling group, 0 to 19 (default: ${DEFAULT-VALUE}: one group's share,"
                    + " like each server's; 19 yields the cores to the platform, but on a busy machine leaves the flood"
                    + " almost none: read its guesses/s).")
    int floodNice;

    @Option(names = "--seconds", defaultValue = "20", description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Rounds of joins alone then under the flood, interleaved; figures are medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    BenchFigures output;

    @Override
    public Integer call() throws Exception {
        if (joiners < 1 || flooders < 1 || floodAddresses < 1 || floodAddresses > 5000 || seconds < 1
                || floodNice < 0 || floodNice > 19 || rounds < 1 || rounds > 20
                || rounds * floodAddresses > io.confab.orchestration.bench.GuessingFlood.MAX_ADDRESSES) {
            System.err.println("confab bench guessing: --joiners, --flooders and --seconds must be at least 1,"
                    + " --flood-addresses 1 to 5000, --flood-nice 0 to 19, --rounds 1 to 20, and --rounds x --flood-addresses"
                    + " at most " + io.confab.orchestration.bench.GuessingFlood.MAX_ADDRESSES + " (each round floods from"
                    + " addresses of its own)");
            return ConfabCommand.USAGE;
        }
        var platform = RunningPlatform.of(options, "bench guessing");
        if (platform.isEmpty()) {
            return ConfabCommand.FAILED;
        }
        var web = platform.get().web();
        // The server's Prometheus address, for its Argon2 histogram; a platform without one just leaves it out.
        String metrics = io.confab.orchestration.platform.Platform.describe(platform.get().config()).components().stream()
                .filter(c -> c.name().equals("web")).findFirst().map(c -> c.metricsAddress()).orElse(null);
        String loadBefore = BenchFigures.loadAverage();
        GuessingLoad.Figures figures = new GuessingLoad(web.address(), metrics, System.err::println)
                .run(joiners, flooders, floodAddresses, floodNice, Duration.ofSeconds(seconds), rounds);
        String loadAfter = BenchFigures.loadAverage();
        if (output.json) {
            ObjectMapper mapper = new ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode root = mapper.valueToTree(figures);
            root.put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter);
            System.out.println(mapper.writeValueAsString(root));
        } else {
            String of = rounds > 1 ? " (median of " + rounds + " rounds)" : "";
            System.out.printf(Locale.ROOT, "joins alone: %.1f/s (%d refused)%s%n", figures.joinsPerSecondAlone(), figures.joinErrorsAlone(), of);
            System.out.printf(Locale.ROOT, "joins under the flood: %.1f/s (%d refused) = %.1f %% of alone%s%n",
                    figures.joinsPerSecondUnderFlood(), figures.joinErrorsUnderFlood(), figures.underFloodPercent(),
                    rounds > 1 ? " (median of each round's share)" : "");
            System.out.printf(Locale.ROOT, "flood: %.0f guesses/s from %d address(es), scheduling group nice %d; answers by status %s%n",
                    figures.floodRequestsPerSecond(), figures.floodAddresses(), figures.floodNice(), figures.floodAnswers());
            System.out.printf(Locale.ROOT, "the server's Argon2 time per computation, p50: %s alone, %s under the flood%s%n",
                    millis(figures.argon2P50MsAlone()), millis(figures.argon2P50MsUnderFlood()),
                    figures.argon2Missing() == null ? "" : " (" + figures.argon2Missing() + ")");
            System.out.println("load average " + loadBefore + " before, " + loadAfter + " after");
            if (rounds > 1) {
                System.out.println("over " + rounds + " rounds, median (range):");
                figures.spread().forEach((name, spread) -> System.out.printf(Locale.ROOT, "  %-26s %s%n", name, spread.describe("%,.1f")));
            }
        }
        return 0;
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "not measured" : String.format(Locale.ROOT, "%.1f ms", value);
    }
}
