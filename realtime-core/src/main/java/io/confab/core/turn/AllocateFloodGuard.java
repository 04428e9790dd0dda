package io.confab.core.turn;

import io.confab.core.ratelimit.RateLimit;
import io.confab.core.ratelimit.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets for Allocate requests, per source IP (checked before authentication, since
 * answering a flood with 401s is itself work) and per user (after it). Issue 5 asks for both.
 * The table is capped: spoofed UDP sources could otherwise grow it without bound. When it is full
 * a new key is admitted untracked: failing closed would let a spoofed flood lock everyone out.
 */
final class AllocateFloodGuard {
    /** A key idle this long has a full bucket again and can be forgotten. */
    private static final Duration IDLE = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 100_000;

    private record Entry(TokenBucket bucket, Instant lastSeen) {
    }

    private final RateLimit limit;
    private final Map<Object, Entry> buckets = new HashMap<>();

    AllocateFloodGuard(RateLimit limit) {
        this.limit = limit;
    }

    boolean admits(Object key, Instant now) {
        Entry entry = buckets.get(key);
        if (entry == null) {
            if (buckets.size() >= MAX_TRACKED) {
                return true;
            }
            entry = new Entry(new TokenBucket(limit, now), now);
        }
        buckets.put(key, new Entry(entry.bucket(), now));
        return entry.bucket().tryAcquire(now);
    }

    void forgetIdle(Instant now) {
        buckets.values().removeIf(entry -> entry.lastSeen().plus(IDLE).isBefore(now));
    }

    int tracked() {
        return buckets.size();
    }
}
