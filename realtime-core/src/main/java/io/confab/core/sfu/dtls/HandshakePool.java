package io.confab.core.sfu.dtls;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads DTLS sessions run on. Bouncy Castle's DTLS API blocks a thread from a handshake's
 * first flight to its end (and briefly for each later DTLS datagram), so a pool without a bound
 * lets anyone who can send ICE checks and a ClientHello make the server start threads until memory
 * runs out. This one runs at most {@code threads} tasks at once with {@code queue} waiting; past
 * that a task is refused and {@code onRefused} counts it. A refused server handshake waits for the
 * client's retransmitted ClientHello to offer it again (a refused client handshake fails); a refused
 * read task after the handshake leaves its datagram queued for the next one ({@link DtlsSession}).
 */
public final class HandshakePool {
    private HandshakePool() {
    }

    public static ExecutorService create(int threads, int queue, Runnable onRefused) {
        AtomicInteger created = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                runnable -> {
                    Thread thread = new Thread(runnable, "sfu-dtls-" + created.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (task, executor) -> {
                    onRefused.run();
                    throw new RejectedExecutionException(executor.isShutdown() ? "the SFU is shutting down"
                            : "all " + threads + " DTLS threads busy and " + queue + " handshakes waiting");
                });
        // Idle threads end after 60 s, as the unbounded pool's did: a quiet server holds none.
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
