package io.confab.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Waits for something that happens on another thread or in another process (a record on a topic, a
 * counter in a stats answer, a frame decoded in a browser) and fails naming what it waited for, how
 * long, and the last value it saw. The one deadline loop of the test suites: storage's test jar, so
 * every module's tests can use it (all of them depend on storage).
 *
 * <pre>{@code
 * JsonNode stats = Eventually.within(Duration.ofSeconds(30))
 *         .until("forwarded packets", () -> sfuStats(), s -> s.path("forwardedPackets").asLong() > 0);
 * }</pre>
 *
 * A probe that blocks by itself (a Kafka {@code poll(500 ms)}) sets {@code every(Duration.ZERO)}.
 */
public record Eventually(Duration timeout, Duration pause) {

    private static final Duration DEFAULT_PAUSE = Duration.ofMillis(100);

    public Eventually {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(pause, "pause");
        if (timeout.isNegative() || pause.isNegative()) {
            throw new IllegalArgumentException("timeout and pause must not be negative: " + timeout + ", " + pause);
        }
    }

    /** A wait of at most {@code timeout}, looking every 100 ms. */
    public static Eventually within(Duration timeout) {
        return new Eventually(timeout, DEFAULT_PAUSE);
    }

    /** The same wait, looking every {@code pause} instead. */
    public Eventually every(Duration pause) {
        return new Eventually(timeout, pause);
    }

    /** A condition that may throw: the probes read sockets, files and browsers. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** A value read again on every look. */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    /** Returns once {@code condition} holds; otherwise fails naming {@code what} after the timeout. */
    public void until(String what, Check condition) throws InterruptedException {
        until(what, condition::holds, Boolean.TRUE::equals);
    }

    /**
     * Reads {@code probe} until {@code accepted} takes its value, and returns that value; otherwise
     * fails naming {@code what} and the last value read.
     */
    public <T> T until(String what, Probe<T> probe, Predicate<? super T> accepted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = read(what, probe);
            if (accepted.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("waited " + describe(timeout) + " for " + what + "; last seen: " + value);
            }
            Thread.sleep(pause.toMillis());
        }
    }

    /** Whether {@code condition} came to hold within the timeout, for callers that fail with a message of their own. */
    public boolean holds(Check condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (read("a condition", condition::holds)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(pause.toMillis());
        }
    }

    private static <T> T read(String what, Probe<T> probe) throws InterruptedException {
        try {
            return probe.read();
        } catch (InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("could not check " + what + ": " + e, e);
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
