package io.confab.core.guard;

import java.time.Duration;

/**
 * How many wrong guesses (passwords, passcodes) one key may make within {@code window} before it is
 * locked out, and for how long: {@code firstLockout}, doubling with each lockout that follows
 * without a quiet spell, up to {@code maxLockout}.
 */
public record GuessLimit(int failures, Duration window, Duration firstLockout, Duration maxLockout) {

    /**
     * Five wrong passcodes for one meeting in a minute: a person mistyping gets there rarely, a
     * guesser at once. With the doubling, a guesser soon gets 5 tries per 15 minutes whatever number of
     * addresses it uses: half of the million 6-digit passcodes takes about three years.
     */
    public static final GuessLimit PER_MEETING = new GuessLimit(5, Duration.ofMinutes(1), Duration.ofMinutes(1),
            Duration.ofMinutes(15));

    /** Five wrong passwords for one email in a minute, as for a meeting. */
    public static final GuessLimit PER_ACCOUNT = PER_MEETING;

    /**
     * Twenty wrong guesses from one address in a minute, whatever they aimed at: more than per target,
     * because an office or a carrier-grade NAT puts many people behind one address.
     */
    public static final GuessLimit PER_SOURCE_ADDRESS = new GuessLimit(20, Duration.ofMinutes(1), Duration.ofMinutes(1),
            Duration.ofMinutes(15));

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
