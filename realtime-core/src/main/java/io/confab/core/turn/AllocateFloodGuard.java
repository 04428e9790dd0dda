package io.confab.core.turn;

import io.confab.core.ratelimit.RateLimit;
import io.confab.core.ratelimit.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets for Allocate requests, per source IP (checked before authentication, since
 * answering a flood with 401s is itself work) and per user (after it). Issue 5 asks for both.
 * The table is capped: spoofed UDP sources could otherwise grow it without bound. When it is full
 * a new key is admitted untracked: failing closed would let a spoofed flood lock everyone out.
 *
 * <p>One guard serves every event loop, so a source's rate does not grow with the number of loops;
 * each key's bucket is updated inside {@link ConcurrentHashMap#compute}, which serialises only
 * the requests of that one key.
 */
final class AllocateFloodGuard {
    /** A key idle this long has a full bucket again and can be forgotten. */
    private static final Duration IDLE = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 100_000;

    private record Entry(TokenBucket bucket, Instant lastSeen) {
    }

    private final RateLimit limit;
    private final Map<Object, Entry> buckets = new ConcurrentHashMap<>();

    AllocateFloodGuard(RateLimit limit) {
        this.limit = limit;
    }

    boolean admits(Object key, Instant now) {
        if (buckets.size() >= MAX_TRACKED && !buckets.containsKey(key)) {
            return true;
        }
        boolean[] admitted = new boolean[1];
        buckets.compute(key, (k, entry) -> {
            TokenBucket bucket = entry == null ? new TokenBucket(limit, now) : entry.bucket();
            admitted[0] = bucket.tryAcquire(now);
            return new Entry(bucket, now);
        });
        return admitted[0];
    }

    /** An entry seen again meanwhile is a new value, which the value-checked removal leaves alone. */
    void forgetIdle(Instant now) {
        buckets.values().removeIf(entry -> entry.lastSeen().plus(IDLE).isBefore(now));
    }

    int tracked() {
        return buckets.size();
    }
}
