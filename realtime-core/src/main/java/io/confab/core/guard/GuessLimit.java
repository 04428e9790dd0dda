package io.confab.core.guard;

import java.time.Duration;

/**
 * How many wrong guesses (passwords, passcodes) one key may make within {@code window} before it is
 * locked out, and for how long: {@code firstLockout}, doubling with each lockout that follows
 * without a quiet spell, up to {@code maxLockout}.
 */
public record GuessLimit(int failures, Duration window, Duration firstLockout, Duration maxLockout) {

    /**
     * Five wrong passcodes for one meeting from one address in a minute: a person mistyping gets there
     * rarely, a guesser at once; with the doubling it soon gets 5 tries per 15 minutes.
     */
    public static final GuessLimit PER_TARGET_FROM_SOURCE = new GuessLimit(5, Duration.ofMinutes(1), Duration.ofMinutes(1),
            Duration.ofMinutes(15));

    /**
     * Thirty wrong guesses for one meeting or email in a minute from anywhere: far past what its own
     * people mistype, so a guesser spread over many addresses is stopped without one guesser locking
     * everyone out. With the doubling it soon gets 30 tries per 15 minutes: half of the million 6-digit
     * passcodes takes about half a year, however many addresses it has.
     */
    public static final GuessLimit PER_TARGET = new GuessLimit(30, Duration.ofMinutes(1), Duration.ofMinutes(1),
            Duration.ofMinutes(15));

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
