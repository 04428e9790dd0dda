package io.confab.core.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts wrong guesses per key and locks a key out once it has made its limit's worth within the
 * window; while any key of an attempt is locked out, the attempt is refused before any Argon2 work.
 * Time comes from the caller. Keys whose guesses are always counted alike for existing and
 * non-existing targets keep the throttle itself from telling which exist.
 *
 * <p>Memory is bounded: at most {@code capacity} keys, the least recently seen forgotten first.
 * Thread-safe; each call holds the lock for a map lookup or two.
 */
public final class GuessThrottle {

    private static final class Record {
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil = Instant.MIN;
        Instant lastFailure = Instant.MIN;
        int lockouts;
    }

    private final Map<GuessKey.Scope, GuessLimit> limits;
    private final LinkedHashMap<GuessKey, Record> records;

    public GuessThrottle(Map<GuessKey.Scope, GuessLimit> limits, int capacity) {
        this.limits = new EnumMap<>(limits);
        for (GuessKey.Scope scope : GuessKey.Scope.values()) {
            if (!this.limits.containsKey(scope)) {
                throw new IllegalArgumentException("no guess limit for " + scope);
            }
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.records = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<GuessKey, Record> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether a guess against all of {@code keys} may be checked at {@code now}; the longest lockout wins. */
    public synchronized GuessVerdict check(List<GuessKey> keys, Instant now) {
        GuessVerdict.Throttled longest = null;
        for (GuessKey key : keys) {
            Record record = records.get(key);
            if (record != null && record.lockedUntil.isAfter(now)) {
                Duration left = Duration.between(now, record.lockedUntil);
                if (longest == null || left.compareTo(longest.retryAfter()) > 0) {
                    longest = new GuessVerdict.Throttled(key, left);
                }
            }
        }
        return longest == null ? GuessVerdict.ALLOWED : longest;
    }

    /** Counts a wrong guess against each of {@code keys}; returns the lockouts it started. */
    public synchronized List<Lockout> failed(List<GuessKey> keys, Instant now) {
        List<Lockout> started = new ArrayList<>();
        for (GuessKey key : keys) {
            count(key, now, started);
        }
        return started;
    }

    /**
     * Counts an attempt that {@link #check} refused against its address, unless the address itself is
     * the key locked out; returns the lockout it started, if any. A client told to wait
     * ({@code Retry-After}) that asks again is guessing all the same: without this, a flood against
     * one meeting locked only that meeting from its address, and the address, never locked out
     * itself, could go on sending thousands of attempts a second, each refused at the full cost of a
     * request. With it, once the address's own limit is reached, its connections are refused when
     * they are accepted ({@link AddressLockoutTable}).
     */
    public synchronized List<Lockout> refused(List<GuessKey> keys, Instant now) {
        List<Lockout> started = new ArrayList<>();
        for (GuessKey key : keys) {
            if (key.scope() == GuessKey.Scope.SOURCE_ADDRESS) {
                Record record = records.get(key);
                if (record == null || !record.lockedUntil.isAfter(now)) {
                    count(key, now, started);
                }
            }
        }
        return started;
    }

    private void count(GuessKey key, Instant now, List<Lockout> started) {
        GuessLimit limit = limits.get(key.scope());
        Record record = records.computeIfAbsent(key, k -> new Record());
        // A quiet spell as long as the longest lockout, after the last lockout ended, forgives the earlier ones.
        Instant quietSince = record.lockedUntil.isAfter(record.lastFailure) ? record.lockedUntil : record.lastFailure;
        if (Duration.between(quietSince, now).compareTo(limit.maxLockout()) >= 0) {
            record.lockouts = 0;
        }
        record.lastFailure = now;
        Instant windowStart = now.minus(limit.window());
        while (!record.failures.isEmpty() && !record.failures.peekFirst().isAfter(windowStart)) {
            record.failures.pollFirst();
        }
        record.failures.addLast(now);
        if (record.failures.size() >= limit.failures()) {
            Duration length = limit.lockout(record.lockouts);
            record.lockouts++;
            record.lockedUntil = now.plus(length);
            started.add(new Lockout(key, record.failures.size(), length));
            record.failures.clear();
        }
    }

    /**
     * The account's owner proved the password: earlier wrong guesses against the account (from
     * anywhere and from this address) no longer count; the address's own count stays.
     */
    public synchronized void succeeded(List<GuessKey> keys) {
        for (GuessKey key : keys) {
            // Only reached when no key was locked out (a locked one is refused unchecked).
            if (key.scope() != GuessKey.Scope.SOURCE_ADDRESS) {
                records.remove(key);
            }
        }
    }

    /** Keys remembered now (bounded by the capacity). */
    public synchronized int size() {
        return records.size();
    }
}
