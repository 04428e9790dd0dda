package io.confab.orchestration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of a set of processes from {@code /proc/PID/smaps_rollup}: RSS, and PSS, which
 * splits pages shared between processes (the PostgreSQL backends, the JDK's shared archive) fairly
 * so the sum is not inflated.
 */
public record ProcessMemory(long rssKb, long pssKb) {

    public static ProcessMemory of(List<Long> pids) {
        long rss = 0;
        long pss = 0;
        for (long pid : pids) {
            Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
            try {
                for (String line : Files.readAllLines(rollup)) {
                    if (line.startsWith("Rss:")) {
                        rss += kilobytes(line);
                    } else if (line.startsWith("Pss:")) {
                        pss += kilobytes(line);
                    }
                }
            } catch (IOException e) {
                // The process ended between listing and reading: it uses no memory any more.
            }
        }
        return new ProcessMemory(rss, pss);
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    public double rssMiB() {
        return rssKb / 1024.0;
    }

    public double pssMiB() {
        return pssKb / 1024.0;
    }
}
