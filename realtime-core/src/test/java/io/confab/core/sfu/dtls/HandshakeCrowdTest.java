package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Five hundred transports join at once over loopback UDP, the server's DTLS on four threads: every
 * handshake completes and the server never runs more threads than its bound. With a thread held
 * for each handshake from the session's start to 3.5 s after its end, four threads finish about one
 * handshake a second and the rest time out or are refused.
 */
class HandshakeCrowdTest {
    private static final int TRANSPORTS = 500;
    private static final int SERVER_THREADS = 4;
    /** At least the clients in flight, so a task waiting for a thread is queued rather than refused. */
    private static final int SERVER_QUEUE = 64;
    private static final int CLIENT_THREADS = 32;
    /** Far more than the run needs on a loaded machine; a failure is a hung handshake, not a slow one. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    /** The crowd's reader threads, the JDK's timer and common pool, the JIT: not one per transport. */
    private static final int OTHER_THREADS = 16;

    @Test
    @Timeout(150)
    void fiveHundredTransportsHandshakeOnFourServerThreads() throws Exception {
        HandshakeCrowd.Outcome outcome = new HandshakeCrowd(new HandshakeCrowd.Settings(TRANSPORTS, SERVER_THREADS,
                SERVER_QUEUE, CLIENT_THREADS, HANDSHAKE_TIMEOUT)).run();

        assertEquals(TRANSPORTS, outcome.completed(), "transports with both sides keyed; failures by reason "
                + outcome.failures() + ", refusals " + outcome.refusals());
        assertEquals(0, outcome.failed(), "failures by reason " + outcome.failures());
        assertEquals(0, outcome.keyMismatches(), "both sides of every transport export the same SRTP keys");
        assertTrue(outcome.serverThreadsUsed() <= SERVER_THREADS && outcome.serverTasksAtOnce() <= SERVER_THREADS,
                "the server's DTLS ran on " + outcome.serverThreadsUsed() + " threads, " + outcome.serverTasksAtOnce()
                        + " at once; the bound is " + SERVER_THREADS);
        assertTrue(outcome.jvmThreadsAdded() <= SERVER_THREADS + CLIENT_THREADS + OTHER_THREADS,
                "no thread per transport: the JVM peaked " + outcome.jvmThreadsAdded() + " threads above its start");
    }
}
