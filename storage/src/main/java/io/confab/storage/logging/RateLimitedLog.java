package io.confab.storage.logging;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One place's error log that cannot flood: the first failure is logged with its cause and stack,
 * later ones within {@code interval} are only counted, and the next logged line says how many were
 * held back. A media thread failing on every packet would otherwise write thousands of stack traces
 * a second and take the disk and the CPU with it.
 *
 * <p>In storage because every Confab process (realtime-core, the launcher, the jobs, data-api)
 * depends on it and nothing else is shared by all. A held-back failure costs two atomic reads and
 * one increment, no allocation, so it may sit on a hot path.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong heldBack = new AtomicLong();

    public RateLimitedLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    /** For tests: {@code nanoClock} stands for {@link System#nanoTime}. */
    public RateLimitedLog(Logger log, Duration interval, LongSupplier nanoClock) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /** Logs {@code what} at ERROR with {@code cause}, unless a line was logged within the interval. */
    public void error(String what, Throwable cause) {
        long now = nanoClock.getAsLong();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            heldBack.incrementAndGet();
            return;
        }
        long suppressed = heldBack.getAndSet(0);
        if (suppressed == 0) {
            log.error(what, cause);
        } else {
            log.error("{} ({} more like it held back since the last line)", what, suppressed, cause);
        }
    }

    /** Failures not logged yet (they are named in the next line that is). */
    public long heldBack() {
        return heldBack.get();
    }
}
