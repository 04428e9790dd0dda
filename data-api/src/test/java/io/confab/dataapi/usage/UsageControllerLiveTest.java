package io.confab.dataapi.usage;

import io.confab.dataapi.DataApiConfig;
import io.confab.dataapi.auth.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /api/usage/live asks the meter's own HTTP endpoint. Here the meter is a socket that closes the
 * first connections it accepts without a word, as a kept-alive connection to a meter that has since
 * restarted does. The JDK's client sends a GET closed so once more by itself; a second close is the
 * meter's failure, reported as such (a meter that throws in its handler closes so: stream-jobs'
 * LiveServer answers 500 with what it threw instead).
 */
class UsageControllerLiveTest {

    private static final Caller OWNER = new Caller("u-1", "acct-1", Caller.Role.ACCOUNT_OWNER, null, Instant.now().plusSeconds(600));

    @Test
    void isAskedAgainOnceWhenAConnectionClosesBeforeItsAnswer() throws Exception {
        try (Meter meter = new Meter(1)) {
            ResponseEntity<String> answer = controller(meter).live(OWNER, null);
            assertEquals(200, answer.getStatusCode().value());
            assertEquals("{\"account\":\"acct-1\"}", answer.getBody());
            assertEquals(List.of("/live?account=acct-1", "/live?account=acct-1"), meter.asked, "asked twice");
        }
    }

    @Test
    void saysTheMeterIsUnavailableWhenTheSecondTryClosesToo() throws Exception {
        try (Meter meter = new Meter(2)) {
            ErrorResponseException e = assertThrows(ErrorResponseException.class, () -> controller(meter).live(OWNER, null));
            assertEquals(503, e.getStatusCode().value());
            assertTrue(e.getBody().getDetail().contains("the usage meter at http://127.0.0.1:" + meter.port() + " is not reachable"), e.getBody().getDetail());
            assertEquals(2, meter.asked.size(), "not asked a third time: " + meter.asked);
        }
    }

    @Test
    void saysTheMeterIsUnavailableWhenNothingListensAtItsAddress() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        UsageController controller = new UsageController(null, Clock.systemUTC(), config("http://127.0.0.1:" + port));
        ErrorResponseException e = assertThrows(ErrorResponseException.class, () -> controller.live(OWNER, null));
        assertEquals(503, e.getStatusCode().value());
        assertTrue(e.getBody().getDetail().contains("is not reachable"), e.getBody().getDetail());
    }

    private static UsageController controller(Meter meter) {
        return new UsageController(null, Clock.systemUTC(), config("http://127.0.0.1:" + meter.port()));
    }

    private static DataApiConfig config(String meter) {
        return DataApiConfig.parse(new String[]{"--token-secret=" + "0123456789abcdef".repeat(4), "--s3-secret-key=x",
                "--usage-meter=" + meter});
    }

    /** Reads each request; closes the first {@code dropped} unanswered, answers the rest. */
    private static final class Meter implements AutoCloseable {
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());
        private final ServerSocket server;
        private final Thread thread;

        Meter(int dropped) throws Exception {
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            AtomicInteger seen = new AtomicInteger();
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                        String line = in.readLine();
                        asked.add(line.split(" ")[1]);
                        while (!in.readLine().isEmpty()) {
                            // the headers
                        }
                        if (seen.incrementAndGet() > dropped) {
                            String body = "{\"account\":\"acct-1\"}";
                            OutputStream out = socket.getOutputStream();
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    } catch (Exception closed) {
                        return;
                    }
                }
            }, "meter");
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5_000);
        }
    }
}
