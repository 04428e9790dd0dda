package io.confab.core.sfu;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Statistics that cost the media thread a walk over every conference, taken at most once per
 * {@code maxAge} however often they are asked for; in between, the last ones are served.
 */
final class StatsSnapshot implements Supplier<Map<String, Object>> {

    private final long maxAgeNanos;
    private final Supplier<Map<String, Object>> source;
    private Map<String, Object> last;
    private long takenAt;

    StatsSnapshot(Duration maxAge, Supplier<Map<String, Object>> source) {
        this.maxAgeNanos = maxAge.toNanos();
        this.source = source;
    }

    @Override
    public synchronized Map<String, Object> get() {
        long now = System.nanoTime();
        if (last == null || now - takenAt >= maxAgeNanos) {
            last = source.get();
            takenAt = System.nanoTime();
        }
        return last;
    }
}
