package io.confab.core.ratelimit;

/**
 * How many requests one sender may make: signaling messages per connection, TURN Allocate
 * requests per source address.
 *
 * @param perSecond          sustained rate, tokens added per second
 * @param burst              bucket size: messages accepted at once after a quiet spell
 * @param closeAfterRefusals refusals during one flood (see {@link TokenBucket#consecutiveRefusals()})
 *                           after which the transport closes the connection
 */
public record RateLimit(double perSecond, int burst, int closeAfterRefusals) {

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive number, got " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        if (closeAfterRefusals < 1) {
            throw new IllegalArgumentException("closeAfterRefusals must be at least 1, got " + closeAfterRefusals);
        }
    }
}
