package io.confab.core.guard;

import io.confab.core.http.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the Argon2 work of requests from people not yet signed in runs (sign-in, sign-up, passcode
 * checks): a fixed number of threads and a bounded queue. A flood of such requests can take these
 * threads and no more, leaving the other cores to signaling and the SFU; past the queue it is refused
 * at once with 503 and {@code Retry-After}, so request threads do not pile up waiting.
 */
public final class Argon2Pool implements AutoCloseable {

    /**
     * @param threads Argon2 computations at once: each takes one core (p=1) and 19 MiB
     * @param queue   computations waiting beyond those; past it requests are refused
     */
    public record Config(int threads, int queue) {

        public Config {
            if (threads < 1) {
                throw new IllegalArgumentException("argon2 threads must be at least 1, got " + threads);
            }
            if (queue < 1) {
                throw new IllegalArgumentException("argon2 queue must be at least 1, got " + queue);
            }
        }
    }

    /**
     * Histogram buckets for one computation's time: the interactive cost takes 30-40 ms on a quiet
     * core and has been seen at 65 ms and more on a busy one; finer steps where they fall.
     */
    private static final Duration[] BUCKETS = java.util.stream.IntStream.of(
                    5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 125, 150, 200, 300, 500, 1_000, 2_000, 5_000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final ThreadPoolExecutor executor;
    private final LongAdder refused = new LongAdder();
    /** Null until {@link #bindTo}: a pool without a registry (tests) times nothing. */
    private volatile Timer computations;

    public Argon2Pool(Config config) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queue()), runnable -> {
                    Thread thread = new Thread(runnable, "argon2-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code work} on the pool and waits for it; 503 BUSY when the queue is full. */
    public <T> T run(Callable<T> work) throws ApiException {
        Future<T> future;
        Callable<T> timed = () -> {
            long start = System.nanoTime();
            try {
                return work.call();
            } finally {
                Timer timer = computations;
                if (timer != null) {
                    timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            }
        };
        try {
            future = executor.submit(timed);
        } catch (RejectedExecutionException e) {
            refused.increment();
            throw new ApiException(503, "BUSY", "too many sign-ins and passcode checks at once; retry in a second",
                    java.util.List.of(), Map.of("Retry-After", "1"));
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Argon2 work failed", e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiException(503, "BUSY", "interrupted while checking a password; retry", java.util.List.of(),
                    Map.of("Retry-After", "1"));
        }
    }

    /**
     * Exports the time each computation took on its thread (queue wait not included) as the
     * Prometheus histogram {@code confab_auth_argon2_seconds}: {@code confab bench guessing} reads
     * its p50 per phase from the buckets.
     */
    public void bindTo(MeterRegistry registry) {
        computations = Timer.builder("confab_auth_argon2")
                .description("Argon2 computations (sign-in, sign-up and passcode checks of callers not signed in),"
                        + " each on its pool thread, queue wait not included")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** Requests refused because the queue was full. */
    public long refused() {
        return refused.sum();
    }

    /** Computations waiting for a thread now. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
