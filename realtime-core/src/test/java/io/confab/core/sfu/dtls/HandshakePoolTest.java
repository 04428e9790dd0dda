package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The DTLS handshake pool is bounded: past its threads and queue a handshake is refused and counted. */
class HandshakePoolTest {

    @Test
    void aHandshakePastTheThreadsAndTheQueueIsRefusedAndCounted() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = HandshakePool.create(2, 1, refused::incrementAndGet);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        try {
            Runnable blockedHandshake = () -> {
                running.countDown();
                await(release);
            };
            pool.execute(blockedHandshake);
            pool.execute(blockedHandshake);
            assertTrue(running.await(5, TimeUnit.SECONDS), "two handshakes should run at once");
            pool.execute(blockedHandshake);

            RejectedExecutionException error = assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
            assertEquals("all 2 DTLS threads busy and 1 handshakes waiting", error.getMessage());
            assertEquals(1, refused.get());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
