package io.confab.core.meetingservice;

import io.confab.core.http.NoWebSockets;
import io.confab.core.events.EventSink;
import io.confab.core.guard.Argon2Pool;
import io.confab.core.guard.GuessKey;
import io.confab.core.http.ApiException;
import io.confab.core.http.DataApiRoute;
import io.confab.core.http.HttpServer;
import io.confab.core.http.RevokedBearers;
import io.confab.core.http.Router;
import io.confab.core.testing.ReferenceDefaults;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;
import io.confab.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final List<AuditEntry> audited = new ArrayList<>();
    private final AtomicInteger handled = new AtomicInteger();
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64));
    private Argon2Pool argon2;
    private HttpServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        argon2 = new Argon2Pool(new Argon2Pool.Config(1, 4));
        EventSink sink = new EventSink() {
            @Override
            public void meetingEvent(MeetingEvent event, io.confab.core.events.StateChange alongside) {
            }

            @Override
            public synchronized void audit(AuditEntry entry) {
                audited.add(entry);
            }

            @Override
            public void close() {
            }
        };
        GuessGate gate = new GuessGate(ReferenceDefaults.config().guesses().throttle(), argon2, new Audit(sink, clock), clock);
        // The join route's guessing half: refused while locked out, else a wrong passcode counted.
        Router router = new Router().post("/api/meetings/{id}/join", request -> {
            List<GuessKey> keys = GuessKey.passcode(request.remoteAddress(), request.param("id"));
            gate.admit(keys);
            handled.incrementAndGet();
            gate.wrong(keys, "acct-1", "anonymous", "meeting.join", request.remoteAddress());
            throw ApiException.notFound("no meeting with that id and passcode");
        });
        server = new HttpServer(router, new NoWebSockets(), workers, null, DataApiRoute.none(), RevokedBearers.NONE, gate.addressLockouts());
        address = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        workers.shutdownNow();
        argon2.close();
    }

    /** One join with a wrong passcode over a connection of its own from {@code from}: the whole answer. */
    private String guess(String from, String meeting) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            byte[] body = "{\"displayName\":\"Guesser\",\"passcode\":\"wrong\"}".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/meetings/" + meeting + "/join HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n"
                    + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
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
        assertEquals(5, handled.get());
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
        assertEquals(5, handled.get());
        assertTrue(audited.stream().anyMatch(e -> e.getTarget().equals("source_address:" + FLOODER)
                        && e.getDetail().contains("new connections refused when accepted")),
                "the address's lockout is audited: " + audited);

        assertEquals(404, status(guess("127.0.0.1", "12345678901")), "another address is still served");
        assertEquals(6, handled.get());

        clock.now = clock.now.plusSeconds(61);
        assertEquals(404, status(guess(FLOODER, "12345678901")), "the lockout has ended: the address is checked again");
        assertEquals(7, handled.get());
        assertEquals(31, server.refusedAtAccept());
    }
}
