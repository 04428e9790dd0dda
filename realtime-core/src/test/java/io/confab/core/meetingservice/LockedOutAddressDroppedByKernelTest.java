package io.confab.core.meetingservice;

import io.confab.core.http.NoWebSockets;
import io.confab.testing.Eventually;
import io.confab.core.CoreConfig;
import io.confab.core.events.EventSink;
import io.confab.core.guard.Argon2Pool;
import io.confab.core.guard.GuessKey;
import io.confab.core.http.ApiException;
import io.confab.core.http.DataApiRoute;
import io.confab.core.http.HttpServer;
import io.confab.core.http.RevokedBearers;
import io.confab.core.http.Router;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    private final AtomicInteger handled = new AtomicInteger();
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64));
    private Argon2Pool argon2;
    private HttpServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        // A lockout of 5 s, so the test sees it end; everything else as the reference sets it.
        CoreConfig config = CoreConfig.parse(new String[] {"--token-secret=" + "ab".repeat(32), "--guess-first-lockout-seconds=5",
                "--guess-drop-after-refusals=" + DROP_AFTER});
        argon2 = new Argon2Pool(new Argon2Pool.Config(1, 4));
        EventSink sink = new EventSink() {
            @Override
            public void meetingEvent(MeetingEvent event, io.confab.core.events.StateChange alongside) {
            }

            @Override
            public void audit(AuditEntry entry) {
            }

            @Override
            public void close() {
            }
        };
        Clock clock = Clock.systemUTC();
        GuessGate gate = new GuessGate(config.guesses().throttle(), argon2, new Audit(sink, clock), clock,
                config.guesses().dropAfterRefusals());
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

    /** One wrong guess over a connection of its own from {@code from}: the answer's status; times out unanswered in 1 s. */
    private int guess(String from) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(address, 1_000);
            socket.setSoTimeout(10_000);
            String body = "{\"displayName\":\"Guesser\",\"passcode\":\"wrong\"}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/meetings/12345678901/join HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return Integer.parseInt(answer.substring(9, 12));
        }
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
        assertEquals(5, handled.get());
        assertEquals(404, guess("127.0.0.1"), "another address is still served");

        Eventually.within(Duration.ofSeconds(15)).every(Duration.ofMillis(50)).holds(() -> server.sourcesDropped() == 0);
        assertEquals(0, server.sourcesDropped(), "the drop ends with the 5 s lockout");
        assertEquals(404, guess(FLOODER), "the lockout has ended: the address is checked again");
        assertEquals(7, handled.get());
    }
}
