package io.confab.core.guard;

import io.confab.core.http.ApiException;

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

    private final ThreadPoolExecutor executor;
    private final LongAdder refused = new LongAdder();

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
        try {
            future = executor.submit(work);
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
