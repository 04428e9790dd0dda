package io.confab.core.turn.transport;

import static io.confab.core.turn.transport.LoopbackStun.LOOPBACK;
import static io.confab.core.turn.transport.LoopbackStun.PASSWORD;
import static io.confab.core.turn.transport.LoopbackStun.REALM;
import static io.confab.core.turn.transport.LoopbackStun.USER;
import static io.confab.core.turn.transport.LoopbackStun.allocate;
import static io.confab.core.turn.transport.LoopbackStun.exchange;
import static io.confab.core.turn.transport.LoopbackStun.freeRelayPorts;
import static io.confab.core.turn.transport.LoopbackStun.receive;
import static io.confab.core.turn.transport.LoopbackStun.request;
import static io.confab.core.turn.transport.LoopbackStun.signed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.ratelimit.RateLimit;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunErrorCode;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMethod;
import io.confab.core.turn.ChannelData;
import io.confab.core.turn.PeerPolicy;
import io.confab.core.turn.TurnConfig;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The listener on several event loops, with real sockets on loopback (issue #20 item 2): the
 * kernel spreads clients over the loops' sockets, and clients whose allocations live on different
 * loops relay to each other, relay socket to relay socket. On epoll and on NIO, each with a UDP
 * socket per loop on the one port.
 */
class TurnEventLoopsTest {

    private static final int LOOPS = 4;
    private static final int CHANNEL = 0x4000;

    private TurnListener listener;
    private final List<DatagramSocket> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(DatagramSocket::close);
        if (listener != null) {
            listener.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void clientsWhoseAllocationsLiveOnDifferentLoopsRelayToEachOther(String transportName) throws Exception {
        NettyTransport transport = transportName.equals("epoll") ? NettyTransport.EPOLL : NettyTransport.NIO;
        if (transport == NettyTransport.EPOLL) {
            assertTrue(Epoll.isAvailable(), "Netty's native epoll should load on linux-x86_64: " + NettyTransport.epollUnavailable());
        }
        listener = new TurnListener(config(), LOOPS, transport, Clock.systemUTC(), StreamLimits.defaults());
        InetSocketAddress server = listener.start(LOOPBACK.getHostAddress(), 0);
        assertEquals(transportName, listener.transportName());
        assertEquals(LOOPS, listener.eventLoops());

        // The kernel picks a loop by the client's address; add clients until two loops hold allocations
        // (and at least three clients, so that in the ring below nobody's sender is its own channel peer).
        List<InetSocketAddress> relays = new ArrayList<>();
        List<String> nonces = new ArrayList<>();
        while (clients.size() < 3 || loopsInUse() < 2) {
            assertTrue(clients.size() < 64, "64 clients all landed on one loop: " + listener.allocationsPerLoop());
            DatagramSocket client = new DatagramSocket(0, LOOPBACK);
            client.setSoTimeout(5000);
            clients.add(client);
            String nonce = exchange(client, server, allocate().encode()).nonce().orElseThrow();
            nonces.add(nonce);
            relays.add(allocated(client, server, nonce));
        }

        // A ring: each client binds a channel to the next one's relayed address and sends on it, so
        // at least one message goes from a relay socket on one loop to a relay socket on another.
        int n = clients.size();
        for (int i = 0; i < n; i++) {
            StunMessage bound = exchange(clients.get(i), server, signed(request(StunMethod.CHANNEL_BIND)
                    .channelNumber(CHANNEL).xorPeerAddress(relays.get((i + 1) % n)), nonces.get(i)));
            assertEquals(StunClass.SUCCESS_RESPONSE, bound.stunClass(), bound::toString);
        }
        for (int i = 0; i < n; i++) {
            byte[] frame = new ChannelData(CHANNEL, message(i)).encode(false);
            clients.get(i).send(new DatagramPacket(frame, frame.length, server));
        }
        for (int i = 0; i < n; i++) {
            int from = (i + n - 1) % n;
            // The sender is not this client's channel peer, so it arrives as a Data indication (RFC 8656 §11.3).
            StunMessage data = receive(clients.get(i));
            assertTrue(data.is(StunClass.INDICATION, StunMethod.DATA), data::toString);
            assertEquals(relays.get(from), data.xorPeerAddress().orElseThrow(), "client " + i + " hears client " + from + "'s relay");
            assertArrayEquals(message(from), data.data().orElseThrow());
        }
        List<Integer> perLoop = listener.allocationsPerLoop();
        assertEquals(n, perLoop.stream().mapToInt(Integer::intValue).sum(), perLoop::toString);
        assertEquals(0, listener.handOffs(), "with a socket per loop a client's datagrams keep to its allocation's loop");
        assertEquals(0, listener.failures());
    }

    /** The Allocate after the 401, retried on 508 (a port of the range that another process holds). */
    private static InetSocketAddress allocated(DatagramSocket client, InetSocketAddress server, String nonce) throws IOException {
        for (int attempt = 1; ; attempt++) {
            StunMessage answer = exchange(client, server, signed(allocate(), nonce));
            if (answer.stunClass() == StunClass.SUCCESS_RESPONSE) {
                return answer.xorRelayedAddress().orElseThrow();
            }
            int code = answer.errorCode().map(StunErrorCode::code).orElseThrow();
            assertTrue(code == 508 && attempt < 5, answer::toString);
        }
    }

    private int loopsInUse() {
        return (int) listener.allocationsPerLoop().stream().filter(count -> count > 0).count();
    }

    private static byte[] message(int client) {
        return ("from client " + client).getBytes(StandardCharsets.US_ASCII);
    }

    private static TurnConfig config() throws IOException {
        int relayPorts = freeRelayPorts(100);
        return TurnConfig.defaults(REALM, "rest-secret", LOOPBACK)
                .withStaticUsers(Map.of(USER, PASSWORD))
                .withRelayPorts(relayPorts, relayPorts + 99)
                .withQuotas(1000, 1000)
                .withAllocateRate(new RateLimit(1000, 1000, 1))
                .withPeers(PeerPolicy.defaults().withLoopbackAllowed(true));
    }
}
