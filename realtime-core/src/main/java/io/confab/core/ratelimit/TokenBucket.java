package io.confab.core.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token bucket for one sender (a signaling connection, a TURN client's address):
 * {@link RateLimit#burst()} tokens at most, refilled at {@link RateLimit#perSecond()}, one token per
 * message. Time comes from the caller, so tests and the
 * transport's event loop share one notion of now. Not thread-safe: it belongs to the connection's thread.
 *
 * <p>What happens to a refused message is the transport's decision: answer RATE_LIMITED and drop it,
 * and close the connection once {@link #flooding()} holds.
 */
public final class TokenBucket {

    private final RateLimit limit;
    private double tokens;
    private Instant refilledAt;
    private long consecutiveRefusals;
    private long refused;

    public TokenBucket(RateLimit limit, Instant now) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.tokens = limit.burst();
        this.refilledAt = Objects.requireNonNull(now, "now");
    }

    /** Takes a token if there is one: true means handle the message, false means refuse it. */
    public boolean tryAcquire(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            // A sender that is only being throttled gets a token each refill interval; only one that has
            // let the bucket fill halfway has really slowed down.
            if (tokens >= limit.burst() / 2.0) {
                consecutiveRefusals = 0;
            }
            return true;
        }
        consecutiveRefusals++;
        refused++;
        return false;
    }

    /**
     * Refusals since the sender last slowed down: the count survives the odd message let through at the
     * refill rate during a flood and resets once a message finds the bucket at least half full. A plain
     * run of refusals would never grow under a steady flood, which is interleaved with grants.
     */
    public long consecutiveRefusals() {
        return consecutiveRefusals;
    }

    /** True once the current flood has had {@link RateLimit#closeAfterRefusals()} refusals. */
    public boolean flooding() {
        return consecutiveRefusals >= limit.closeAfterRefusals();
    }

    /** Every refusal since the bucket was made, for the connection's counters. */
    public long refused() {
        return refused;
    }

    private void refill(Instant now) {
        // A clock that steps back adds nothing rather than taking tokens away.
        if (now.isAfter(refilledAt)) {
            Duration elapsed = Duration.between(refilledAt, now);
            double seconds = elapsed.getSeconds() + elapsed.getNano() / 1e9;
            tokens = Math.min(limit.burst(), tokens + seconds * limit.perSecond());
            refilledAt = now;
        }
    }
}
