package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.core.accounts.Argon2Bench;
import io.confab.core.accounts.PasswordHash;
import io.confab.orchestration.bench.Spread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code confab bench argon2}: one password check's cost on one thread, the kept-arena kernel
 * against the Bouncy Castle generator it replaced, in the same JVM and interleaved.
 */
@Command(name = "argon2", mixinStandardHelpOptions = true,
        description = {"Password checks per second and bytes allocated per check on one thread, at the interactive",
                "Argon2id cost (m=19456 KiB, t=2, p=1) unless told otherwise: PasswordHash.verify as it is (its arena",
                "kept between checks) against a new Bouncy Castle Argon2BytesGenerator per check (as before). Runs in",
                "this JVM, no platform needed: a warm-up of each, then --rounds rounds of both, their order alternating,",
                "and each figure's median and range."})
final class Argon2BenchCommand implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds of both (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seconds", defaultValue = "5", description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--memory-kib", defaultValue = "19456", description = "Argon2 memory in KiB (default: ${DEFAULT-VALUE}).")
    int memoryKiB;

    @Option(names = "--iterations", defaultValue = "2", description = "Argon2 passes (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Mixin
    BenchFigures output;

    @Override
    public Integer call() throws Exception {
        PasswordHash.Cost cost;
        try {
            cost = new PasswordHash.Cost(memoryKiB, iterations, 1);
        } catch (IllegalArgumentException e) {
            System.err.println("confab bench argon2: --memory-kib and --iterations: " + e.getMessage());
            return ConfabCommand.USAGE;
        }
        if (rounds < 1 || rounds > 50 || seconds < 1) {
            System.err.println("confab bench argon2: needs --rounds 1 to 50 and --seconds >= 1");
            return ConfabCommand.USAGE;
        }
        Argon2Bench bench = new Argon2Bench(cost);
        String loadBefore = BenchFigures.loadAverage();
        System.err.println("bench argon2: warm-up, 3 s of each (not counted), load average " + loadBefore);
        for (Argon2Bench.Implementation implementation : Argon2Bench.Implementation.values()) {
            bench.measure(implementation, Duration.ofSeconds(3));
        }
        Map<Argon2Bench.Implementation, List<Argon2Bench.Phase>> phases = new EnumMap<>(Argon2Bench.Implementation.class);
        for (int round = 1; round <= rounds; round++) {
            // Alternating which goes first spreads whatever drifts during a round (the JIT, the load) over both.
            List<Argon2Bench.Implementation> order = new ArrayList<>(List.of(Argon2Bench.Implementation.values()));
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (Argon2Bench.Implementation implementation : order) {
                Argon2Bench.Phase phase = bench.measure(implementation, Duration.ofSeconds(seconds));
                phases.computeIfAbsent(implementation, i -> new ArrayList<>()).add(phase);
                System.err.printf(Locale.ROOT, "bench argon2: round %d of %d: %-13s %6.1f checks/s, %6.1f ms a check,"
                                + " %,12.0f bytes allocated a check, %d collections (%d ms)%n", round, rounds, name(implementation),
                        phase.checksPerSecond(), phase.millisPerCheck(), phase.allocatedBytesPerCheck(), phase.collections(),
                        phase.collectionMillis());
            }
        }
        String loadAfter = BenchFigures.loadAverage();
        if (output.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("memoryKiB", memoryKiB).put("iterations", iterations).put("parallelism", 1).put("rounds", rounds)
                    .put("seconds", seconds).put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter);
            phases.forEach((implementation, all) -> {
                ObjectNode node = out.putObject(name(implementation));
                node.set("checksPerSecond", mapper.valueToTree(Spread.over(all, Argon2Bench.Phase::checksPerSecond)));
                node.set("millisPerCheck", mapper.valueToTree(Spread.over(all, Argon2Bench.Phase::millisPerCheck)));
                node.set("allocatedBytesPerCheck", mapper.valueToTree(Spread.over(all, Argon2Bench.Phase::allocatedBytesPerCheck)));
                node.set("collectionsPerPhase", mapper.valueToTree(Spread.over(all, p -> p.collections())));
            });
            System.out.println(mapper.writeValueAsString(out));
        } else {
            System.out.printf(Locale.ROOT, "Argon2id m=%d KiB, t=%d, p=1, one thread, %d rounds of %d s; load average %s before, %s after%n",
                    memoryKiB, iterations, rounds, seconds, loadBefore, loadAfter);
            phases.forEach((implementation, all) -> {
                System.out.println(name(implementation) + ":");
                System.out.println("  checks per second:          " + Spread.over(all, Argon2Bench.Phase::checksPerSecond).describe("%.1f"));
                System.out.println("  ms per check:               " + Spread.over(all, Argon2Bench.Phase::millisPerCheck).describe("%.1f"));
                System.out.println("  bytes allocated per check:  " + Spread.over(all, Argon2Bench.Phase::allocatedBytesPerCheck).describe("%,.0f"));
                System.out.println("  collections per phase:      " + Spread.over(all, p -> p.collections()).describe("%.0f"));
            });
        }
        return 0;
    }

    private static String name(Argon2Bench.Implementation implementation) {
        return implementation == Argon2Bench.Implementation.KEPT_ARENA ? "keptArena" : "bouncyCastle";
    }
}
