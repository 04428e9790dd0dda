package io.confab.core.guard;

import io.confab.core.http.ApiException;
import io.confab.testing.Eventually;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Argon2PoolTest {

    @Test
    void pastItsQueueTheWorkIsRefusedAtOnceWithBusyAndRetryAfter() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (Argon2Pool pool = new Argon2Pool(new Argon2Pool.Config(1, 1))) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> first = callers.submit(() -> pool.run(() -> {
                running.countDown();
                release.await(30, TimeUnit.SECONDS);
                return "first";
            }));
            assertTrue(running.await(10, TimeUnit.SECONDS));
            Future<String> second = callers.submit(() -> pool.run(() -> "second"));
            assertEquals(1, Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(5))
                    .until("the second call to wait in the queue", pool::queued, queued -> queued >= 1));

            ApiException refused = assertThrows(ApiException.class, () -> pool.run(() -> "third"));
            assertEquals(503, refused.status());
            assertEquals("BUSY", refused.code());
            assertEquals("1", refused.headers().get("Retry-After"));
            assertEquals(1, pool.refused());

            release.countDown();
            assertEquals("first", first.get(10, TimeUnit.SECONDS));
            assertEquals("second", second.get(10, TimeUnit.SECONDS));
            assertEquals("fourth", pool.run(() -> "fourth"), "with room again, work runs");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFailureInTheWorkReachesTheCaller() {
        try (Argon2Pool pool = new Argon2Pool(new Argon2Pool.Config(1, 4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.run(() -> {
                throw new IllegalArgumentException("malformed hash");
            }));
            assertEquals("malformed hash", e.getMessage());
        }
    }

    @Test
    void aConfigWithoutThreadsOrQueueIsRefusedNamingTheField() {
        assertEquals("argon2 threads must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Argon2Pool.Config(0, 1)).getMessage());
        assertEquals("argon2 queue must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Argon2Pool.Config(1, 0)).getMessage());
    }

    @Test
    void eachComputationsTimeIsExportedAsAHistogramFailedOnesToo() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Argon2Pool pool = new Argon2Pool(new Argon2Pool.Config(1, 4))) {
            pool.bindTo(registry);
            assertEquals("done", pool.run(() -> {
                Thread.sleep(40);
                return "done";
            }));
            assertThrows(IllegalStateException.class, () -> pool.run(() -> {
                throw new IllegalStateException("a failed check is timed too");
            }));

            String text = registry.scrape();
            assertEquals(2, sample(text, "confab_auth_argon2_seconds_count"), 0, text);
            assertTrue(sample(text, "confab_auth_argon2_seconds_sum") >= 0.040, "the 40 ms sleep is in the sum: " + text);
            // The sleeping computation is not at or below 35 ms; both are at or below 5 s.
            assertTrue(sample(text, "confab_auth_argon2_seconds_bucket{le=\"0.035\"}") <= 1, text);
            assertEquals(2, sample(text, "confab_auth_argon2_seconds_bucket{le=\"5.0\"}"), 0, text);
        }
    }

    private static double sample(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + scrape));
    }
}
