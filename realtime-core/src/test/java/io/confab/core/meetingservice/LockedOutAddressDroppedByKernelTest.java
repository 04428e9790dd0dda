package io.confab.core.meetingservice;

import io.confab.core.CoreConfig;
import io.confab.core.http.HttpServer;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A guessing flood against the real HTTP server, the real gate and the real kernel (Linux, epoll; all
 * of 127/8 on loopback), with the drop threshold and lockout length set as an operator would: once its
 * locked-out address has been refused at accept {@code guess-drop-after-refusals} times, its connection
 * requests are dropped before a connection exists (the connect times out; the server accepts nothing
 * more from it) while another address is served; when the lockout ends it is served again.
 */
class LockedOutAddressDroppedByKernelTest {

    private static final String FLOODER = "127.0.100.8";
    private static final int DROP_AFTER = 10;

    private GuessingTarget target;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        // A lockout of 5 s, so the test sees it end; everything else as the reference sets it.
        CoreConfig config = CoreConfig.parse(new String[] {"--token-secret=" + "ab".repeat(32), "--guess-first-lockout-seconds=5",
                "--guess-drop-after-refusals=" + DROP_AFTER});
        target = new GuessingTarget(config.guesses().throttle(), Clock.systemUTC(), config.guesses().dropAfterRefusals());
        server = target.server;
    }

    @AfterEach
    void stop() {
        target.close();
    }

    /** One wrong guess over a connection of its own from {@code from}: the answer's status; times out unanswered in 1 s. */
    private int guess(String from) throws Exception {
        return GuessingTarget.status(target.guess(from, "12345678901", Duration.ofSeconds(1)));
    }

    @Test
    void anAddressThatKeepsConnectingWhileLockedOutIsDroppedBeforeAConnectionExists() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertEquals(404, guess(FLOODER), "wrong guess " + i + " is checked");
        }
        for (int i = 6; i <= 20; i++) {
            assertEquals(429, guess(FLOODER), "attempt " + i + " is refused by the gate on a worker");
        }
        for (int i = 1; i <= DROP_AFTER; i++) {
            assertEquals(429, guess(FLOODER), "connection " + i + " refused at accept is still answered, for a person told to wait");
        }
        assertEquals(DROP_AFTER, server.refusedAtAccept());
        Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(10)).holds(() -> server.sourcesDropped() == 1);
        assertEquals(1, server.sourcesDropped(), "the address is dropped in the kernel after " + DROP_AFTER + " refusals at accept");

        for (int i = 0; i < 3; i++) {
            assertThrows(SocketTimeoutException.class, () -> guess(FLOODER), "its connection request gets no answer");
        }
        assertEquals(DROP_AFTER, server.refusedAtAccept(), "the server accepted nothing more from it");
        assertEquals(5, target.handled.get());
        assertEquals(404, guess("127.0.0.1"), "another address is still served");

        Eventually.within(Duration.ofSeconds(15)).every(Duration.ofMillis(50)).holds(() -> server.sourcesDropped() == 0);
        assertEquals(0, server.sourcesDropped(), "the drop ends with the 5 s lockout");
        assertEquals(404, guess(FLOODER), "the lockout has ended: the address is checked again");
        assertEquals(7, target.handled.get());
    }
}
