package io.confab.core.meetingservice;

import io.confab.core.guard.AddressLockoutTable;
import io.confab.core.http.HttpServer;
import io.confab.core.testing.ReferenceDefaults;
import io.confab.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A guessing flood against the real HTTP server and the real gate: once its address is locked out,
 * its next connections are answered 429 when accepted, never reaching a REST worker, while other
 * addresses go on being served; and the lockout ends as before. Linux: all of 127/8 is on loopback.
 */
class LockedOutAddressRefusedAtAcceptTest {

    private static final String FLOODER = "127.0.100.7";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T03:00:00Z"));
    private GuessingTarget target;
    private HttpServer server;
    private ThreadPoolExecutor workers;

    @BeforeEach
    void start() throws Exception {
        target = new GuessingTarget(ReferenceDefaults.config().guesses().throttle(), clock, AddressLockoutTable.NEVER_DROP);
        server = target.server;
        workers = target.workers;
    }

    @AfterEach
    void stop() {
        target.close();
    }

    /** One join with a wrong passcode over a connection of its own from {@code from}: the whole answer. */
    private String guess(String from, String meeting) throws Exception {
        return target.guess(from, meeting, Duration.ofSeconds(5));
    }

    private static int status(String answer) {
        return GuessingTarget.status(answer);
    }

    @Test
    void aLockedOutAddressIsRefusedWhenAcceptedWithoutReachingAWorkerWhileOthersAreServed() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertEquals(404, status(guess(FLOODER, "12345678901")), "wrong guess " + i + " is checked");
        }
        for (int i = 6; i <= 20; i++) {
            String refused = guess(FLOODER, "12345678901");
            assertEquals(429, status(refused), "attempt " + i + " is refused by the gate, on a worker: " + refused);
            assertTrue(refused.contains("for this meeting from your address"), refused);
        }
        assertEquals(5, target.handled.get());
        long tasksBefore = workers.getTaskCount();
        assertEquals(0, server.refusedAtAccept(), "up to the 20th attempt, every connection was parsed and handed on");

        String atAccept = guess(FLOODER, "98765432109");
        assertEquals(429, status(atAccept), atAccept);
        assertTrue(atAccept.toLowerCase().contains("retry-after: 60\r\n"), atAccept);
        assertTrue(atAccept.contains("\"error\":\"RATE_LIMITED\"") && atAccept.contains("too many wrong attempts from your address"),
                atAccept);
        for (int i = 0; i < 30; i++) {
            assertEquals(429, status(guess(FLOODER, "12345678901")));
        }
        assertEquals(31, server.refusedAtAccept(), "the 21st attempt on, each connection is refused when accepted");
        assertEquals(tasksBefore, workers.getTaskCount(), "and none reached a REST worker");
        assertEquals(5, target.handled.get());
        assertTrue(target.sink.audited().stream().anyMatch(e -> e.getTarget().equals("source_address:" + FLOODER)
                        && e.getDetail().contains("new connections refused when accepted")),
                "the address's lockout is audited: " + target.sink.audited());

        assertEquals(404, status(guess("127.0.0.1", "12345678901")), "another address is still served");
        assertEquals(6, target.handled.get());

        clock.now = clock.now.plusSeconds(61);
        assertEquals(404, status(guess(FLOODER, "12345678901")), "the lockout has ended: the address is checked again");
        assertEquals(7, target.handled.get());
        assertEquals(31, server.refusedAtAccept());
    }
}
