package io.confab.orchestration.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The part of a bench command that is about its figures rather than what it measures: the
 * {@code --json} flag, and the load average read before and after the measured runs, printed beside
 * the figures because the machine is shared and a figure without its load cannot be weighed. A
 * picocli mixin ({@code @Mixin BenchFigures output}); each bench keeps its own flags for how often
 * and how long it measures ({@code bench dtls --runs}, {@code bench argon2 --rounds --seconds}).
 */
final class BenchFigures {

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    /** The 1, 5 and 15 minute load averages, or "unknown" where {@code /proc/loadavg} cannot be read. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException unreadable) {
            return "unknown";
        }
    }
}
