package io.confab.jobs.recording;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a recording operator retries work that storage refused (S3 or Cassandra trouble, an MP4 not
 * readable yet): the first attempt runs at once, the wait after each failed one doubles from
 * {@code firstWait}, and the work is given up when attempt number {@code attempts} fails. Doubling
 * rides out a store that restarts (tens of seconds) without hammering it, and the cap keeps a
 * recording that cannot be made from waiting for ever. The operators count failed attempts in
 * their keyed state and wait on their own processing-time timer, so a restore resumes the schedule.
 * The usage meter's Cassandra writes pause by one too ({@code usage.sink.WriteAttempts}).
 */
public record RetrySchedule(int attempts, Duration firstWait) {

    /** @throws IllegalArgumentException for fewer than one attempt or a first wait that is not positive */
    public RetrySchedule {
        Objects.requireNonNull(firstWait, "firstWait");
        if (attempts < 1) {
            throw new IllegalArgumentException("a retry schedule needs at least 1 attempt, not " + attempts);
        }
        if (firstWait.isNegative() || firstWait.isZero()) {
            throw new IllegalArgumentException("a retry schedule's first wait must be positive, not " + firstWait);
        }
    }

    /** Whether the work is given up once its {@code failed}-th attempt (counted from 1) has failed. */
    public boolean givesUpAfter(int failed) {
        requireAttempt(failed);
        return failed >= attempts;
    }

    /**
     * How long to wait after the {@code failed}-th failed attempt before the next one:
     * {@code firstWait} times 2 to the power {@code failed - 1}.
     *
     * @throws IllegalArgumentException when no attempt follows that one
     */
    public Duration waitAfter(int failed) {
        requireAttempt(failed);
        if (failed >= attempts) {
            throw new IllegalArgumentException("no attempt follows failed attempt " + failed + " of " + attempts);
        }
        return firstWait.multipliedBy(1L << (failed - 1));
    }

    /** Every wait between attempts, in order: for 6 attempts from 2 s, 2, 4, 8, 16 and 32 s. */
    public List<Duration> waits() {
        List<Duration> waits = new ArrayList<>(attempts - 1);
        for (int failed = 1; failed < attempts; failed++) {
            waits.add(waitAfter(failed));
        }
        return waits;
    }

    private static void requireAttempt(int failed) {
        if (failed < 1) {
            throw new IllegalArgumentException("attempts are counted from 1, not " + failed);
        }
    }
}
