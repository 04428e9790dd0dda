package io.confab.core.http;

import io.confab.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel drop on the real HTTP server and the real kernel (Linux, epoll; all of 127/8 and ::1 on
 * loopback), with the lockouts scripted: once a locked-out address is to be dropped, its connection
 * requests get no answer at all (the connect times out, the server accepts nothing more from it) while
 * other addresses are served, for IPv4 addresses and IPv6 /64 prefixes, with the largest list, and
 * until the lockout ends.
 */
class SynDropTest {

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private HttpServer server;

    /** {@code lockedOut} locked out for {@code millis}, and {@code dropped} to drop meanwhile once one refusal was counted. */
    private static final class ScriptedLockouts implements AddressLockouts {
        private final InetAddress lockedOut;
        private final List<long[]> dropped;
        private final long endNanos;

        ScriptedLockouts(InetAddress lockedOut, List<long[]> dropped, long millis) {
            this.lockedOut = lockedOut;
            this.dropped = dropped;
            this.endNanos = System.nanoTime() + millis * 1_000_000;
        }

        private long left() {
            return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
        }

        @Override
        public long millisLeft(InetAddress source) {
            return source.equals(lockedOut) ? left() : 0;
        }

        @Override
        public boolean refusedAtAccept(InetAddress source) {
            return true;
        }

        @Override
        public List<DroppedSource> dropped() {
            long left = left();
            List<DroppedSource> sources = new ArrayList<>();
            if (left > 0) {
                for (long[] source : dropped) {
                    sources.add(new DroppedSource(source[0] == 4, source[1], left));
                }
            }
            return sources;
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        workers.shutdownNow();
    }

    private InetSocketAddress start(String host, AddressLockouts lockouts) throws Exception {
        Router router = new Router().get("/api/ping", request -> Response.ok(Map.of("pong", true)));
        server = new HttpServer(router, new NoWebSockets(), workers, null, DataApiRoute.none(), RevokedBearers.NONE, lockouts);
        assertEquals("epoll", server.transport(), "the kernel drop needs Netty's native epoll on this Linux machine");
        return server.start(host, 0);
    }

    /** The status of {@code GET /api/ping} over a connection of its own from {@code from}; times out unanswered in 1 s. */
    private static int ping(String from, InetSocketAddress server) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(server, 1_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /api/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(10)).until(what, condition::getAsBoolean);
    }

    private static long ipv4(String address) throws Exception {
        return ByteBuffer.wrap(InetAddress.getByName(address).getAddress()).getInt() & 0xffff_ffffL;
    }

    @Test
    void aDroppedIpv4AddressGetsNoAnswerWhileOthersAreServedWithTheLargestList() throws Exception {
        List<long[]> dropped = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            dropped.add(new long[] {4, ipv4("10.0." + i + ".1")});
        }
        // Last, so the whole program runs before the match.
        dropped.add(new long[] {4, ipv4("127.0.100.9")});
        InetSocketAddress address = start("127.0.0.1", new ScriptedLockouts(InetAddress.getByName("127.0.100.9"), dropped, 60_000));

        assertEquals(429, ping("127.0.100.9", address), "refused at accept, and counted towards the drop");
        await(() -> server.sourcesDropped() == 256, "the program with 256 addresses attached");
        assertEquals(0, server.synDropFailures());
        for (int i = 0; i < 3; i++) {
            assertThrows(SocketTimeoutException.class, () -> ping("127.0.100.9", address),
                    "a dropped address's connection request is never answered");
        }
        assertEquals(1, server.refusedAtAccept(), "the server accepted nothing more from it");
        assertEquals(200, ping("127.0.0.1", address), "others are served");
        assertEquals(200, ping("127.0.100.10", address), "the neighbour address too");
    }

    @Test
    void aDroppedIpv6PrefixGetsNoAnswerWithTheLargestList() throws Exception {
        List<long[]> dropped = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            dropped.add(new long[] {6, ByteBuffer.wrap(InetAddress.getByName("2001:db8:" + Integer.toHexString(i) + "::")
                    .getAddress()).getLong()});
        }
        dropped.add(new long[] {6, 0L});
        InetSocketAddress address = start("::1", new ScriptedLockouts(InetAddress.getByName("::1"), dropped, 60_000));

        assertEquals(429, ping("::1", address));
        await(() -> server.sourcesDropped() == 256, "the program with 256 IPv6 prefixes attached");
        assertEquals(0, server.synDropFailures());
        assertThrows(SocketTimeoutException.class, () -> ping("::1", address), "::/64 holds ::1: dropped");
        assertEquals(1, server.refusedAtAccept());
    }

    @Test
    void theDropEndsWithTheLockout() throws Exception {
        InetSocketAddress address = start("127.0.0.1", new ScriptedLockouts(InetAddress.getByName("127.0.100.9"),
                List.<long[]>of(new long[] {4, ipv4("127.0.100.9")}), 4_000));

        assertEquals(429, ping("127.0.100.9", address));
        await(() -> server.sourcesDropped() == 1, "the program attached");
        assertThrows(SocketTimeoutException.class, () -> ping("127.0.100.9", address));
        await(() -> server.sourcesDropped() == 0, "the program detached when the lockout ended");
        assertEquals(200, ping("127.0.100.9", address), "the address is served again");
        assertTrue(server.refusedAtAccept() >= 1);
    }
}
