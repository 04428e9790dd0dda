package io.confab.dataapi.webhooks;

import java.time.Duration;
import java.util.Optional;

/**
 * Exponential back-off between attempts: the first retry after {@code firstRetry}, each later one
 * after twice the one before (2, 4, 8, 16 s by default), {@code attempts} in all. Doubling spreads
 * the retries over half a minute, long enough for an endpoint's deploy or restart.
 */
public record RetrySchedule(Duration firstRetry, int attempts) {

    public RetrySchedule {
        if (firstRetry.isNegative() || firstRetry.isZero() || attempts < 1) {
            throw new IllegalArgumentException("a retry schedule needs a positive first delay and at least one attempt");
        }
    }

    /** The delay after attempt number {@code attempt} (1-based) failed, or empty when it was the last. */
    public Optional<Duration> delayAfter(int attempt) {
        if (attempt >= attempts) {
            return Optional.empty();
        }
        return Optional.of(firstRetry.multipliedBy(1L << Math.min(attempt - 1, 30)));
    }
}
