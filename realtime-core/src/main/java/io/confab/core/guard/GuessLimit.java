package io.confab.core.guard;

import java.time.Duration;

/**
 * How many wrong guesses (passwords, passcodes) one key may make within {@code window} before it is
 * locked out, and for how long: {@code firstLockout}, doubling with each lockout that follows
 * without a quiet spell, up to {@code maxLockout}. The values per scope are in realtime-core's
 * reference file.
 */
public record GuessLimit(int failures, Duration window, Duration firstLockout, Duration maxLockout) {

    public GuessLimit {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, got " + failures);
        }
        for (Duration d : new Duration[] {window, firstLockout, maxLockout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("window and lockouts must be positive durations, got " + d);
            }
        }
        if (maxLockout.compareTo(firstLockout) < 0) {
            throw new IllegalArgumentException("maxLockout " + maxLockout + " is shorter than firstLockout " + firstLockout);
        }
    }

    /** The lockout after {@code earlier} lockouts without a quiet spell: first, doubled each time, capped. */
    Duration lockout(int earlier) {
        Duration lockout = firstLockout;
        for (int i = 0; i < earlier && lockout.compareTo(maxLockout) < 0; i++) {
            lockout = lockout.multipliedBy(2);
        }
        return lockout.compareTo(maxLockout) > 0 ? maxLockout : lockout;
    }
}
