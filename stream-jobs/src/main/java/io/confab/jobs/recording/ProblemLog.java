package io.confab.jobs.recording;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Logs each kind of problem once, with the first example, and leaves the rest to the counters: a
 * sender with a broken encoder would otherwise write one warning per packet, 50 a second.
 */
final class ProblemLog {

    private static final int MAX_CAUSES = 1000;

    private final Logger log;
    private final Set<String> seen = new HashSet<>();

    ProblemLog(Logger log) {
        this.log = log;
    }

    /** Logs {@code detail} if {@code cause} was not logged before; returns whether it logged. */
    boolean once(String cause, String detail) {
        if (seen.size() >= MAX_CAUSES || !seen.add(cause)) {
            return false;
        }
        log.warn("{}: {} (further cases are only counted)", cause, detail);
        return true;
    }
}
