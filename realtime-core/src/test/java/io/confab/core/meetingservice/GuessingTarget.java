package io.confab.core.meetingservice;

import io.confab.core.events.RecordingEventSink;
import io.confab.core.guard.Argon2Pool;
import io.confab.core.guard.GuessKey;
import io.confab.core.guard.GuessThrottle;
import io.confab.core.http.ApiException;
import io.confab.core.http.DataApiRoute;
import io.confab.core.http.HttpServer;
import io.confab.core.http.NoWebSockets;
import io.confab.core.http.RevokedBearers;
import io.confab.core.http.Router;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a guessing flood meets: the real HTTP server on loopback whose one route is the join route's
 * guessing half behind a real {@link GuessGate} (refused while locked out, else a wrong passcode
 * counted and answered 404), on two REST workers. Each guess comes over a connection of its own from
 * the address it names (Linux: all of 127/8 is on loopback).
 */
final class GuessingTarget implements AutoCloseable {

    /** Joins that reached the passcode check: neither refused at accept nor by the gate. */
    final AtomicInteger handled = new AtomicInteger();
    final ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64));
    /** Takes every audit entry the gate writes, in order. */
    final RecordingEventSink sink = new RecordingEventSink();
    final HttpServer server;
    private final Argon2Pool argon2 = new Argon2Pool(new Argon2Pool.Config(1, 4));
    private final InetSocketAddress address;

    /**
     * @param dropAfterRefusals the gate's connections refused at accept before the kernel drops the
     *                          address ({@link io.confab.core.guard.AddressLockoutTable#NEVER_DROP}: never)
     */
    GuessingTarget(GuessThrottle throttle, Clock clock, int dropAfterRefusals) throws Exception {
        GuessGate gate = new GuessGate(throttle, argon2, new Audit(sink, clock), clock, dropAfterRefusals);
        Router router = new Router().post("/api/meetings/{id}/join", request -> {
            List<GuessKey> keys = GuessKey.passcode(request.remoteAddress(), request.param("id"));
            gate.admit(keys);
            handled.incrementAndGet();
            gate.wrong(keys, "acct-1", "anonymous", "meeting.join", request.remoteAddress());
            throw ApiException.notFound("no meeting with that id and passcode");
        });
        server = new HttpServer(router, new NoWebSockets(), workers, null, DataApiRoute.none(), RevokedBearers.NONE,
                gate.addressLockouts());
        address = server.start("127.0.0.1", 0);
    }

    /**
     * One join of {@code meeting} with a wrong passcode over a connection of its own from {@code from}:
     * the whole answer. The connection must be made within {@code connectWithin} (a
     * {@link java.net.SocketTimeoutException} otherwise) and answered within 10 s.
     */
    String guess(String from, String meeting, Duration connectWithin) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(address, (int) connectWithin.toMillis());
            socket.setSoTimeout(10_000);
            String body = "{\"displayName\":\"Guesser\",\"passcode\":\"wrong\"}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/meetings/" + meeting + "/join HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** The HTTP status of an answer. */
    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    @Override
    public void close() {
        server.close();
        workers.shutdownNow();
        argon2.close();
    }
}
