package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.bench.GuessingLoad;
import picocli.CommandLine.Command;
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
                "Needs a running platform ('confab up --detach'); Linux (all of 127/8 on lo, setsid)."})
final class GuessingBench implements Callable<Integer> {

    @picocli.CommandLine.Mixin
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

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (joiners < 1 || flooders < 1 || floodAddresses < 1 || floodAddresses > 5000 || seconds < 1
                || floodNice < 0 || floodNice > 19) {
            System.err.println("confab bench guessing: --joiners, --flooders and --seconds must be at least 1,"
                    + " --flood-addresses 1 to 5000, --flood-nice 0 to 19");
            return ConfabCommand.USAGE;
        }
        var state = io.confab.orchestration.platform.PlatformState.read(options.dataDir());
        if (state.isEmpty() || !state.get().supervisorAlive()) {
            System.err.println("confab bench guessing: no platform is running from " + options.dataDir()
                    + "; start one with './confab up --detach'");
            return ConfabCommand.FAILED;
        }
        var web = state.get().components().stream().filter(c -> c.name().equals("web")).findFirst().orElseThrow();
        GuessingLoad.Figures figures = new GuessingLoad(web.address(), System.err::println)
                .run(joiners, flooders, floodAddresses, floodNice, Duration.ofSeconds(seconds));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        } else {
            System.out.printf(Locale.ROOT, "joins alone: %.1f/s (%d refused)%n", figures.joinsPerSecondAlone(), figures.joinErrorsAlone());
            System.out.printf(Locale.ROOT, "joins under the flood: %.1f/s (%d refused) = %.1f %% of alone%n",
                    figures.joinsPerSecondUnderFlood(), figures.joinErrorsUnderFlood(), figures.underFloodPercent());
            System.out.printf(Locale.ROOT, "flood: %.0f guesses/s from %d address(es), scheduling group nice %d; answers by status %s%n",
                    figures.floodRequestsPerSecond(), figures.floodAddresses(), figures.floodNice(), figures.floodAnswers());
        }
        return 0;
    }
}
