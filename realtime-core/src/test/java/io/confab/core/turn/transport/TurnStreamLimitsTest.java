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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.http.SelfSignedCertificate;
import io.confab.core.http.LoopbackTls;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMethod;
import io.confab.core.turn.PeerPolicy;
import io.confab.core.turn.TurnConfig;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import io.confab.testing.Eventually;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TURN over TCP against a client that misbehaves (RFC 8656 §21.3), with real loopback sockets: it
 * stops reading, it sends nothing, it opens too many connections, it hangs up holding an allocation.
 */
class TurnStreamLimitsTest {


    @TempDir
    Path dataDir;

    private TurnListener listener;

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void aFloodedClientThatDoesNotReadIsCutOffWhileOthersKeepRelaying() throws Exception {
        InetSocketAddress server = start(StreamLimits.defaults().withBackPressure(64 * 1024, Duration.ofMillis(500)));
        try (Socket unread = new Socket()) {
            // A small window, so what the server sends piles up on its side rather than in this socket.
            unread.setReceiveBufferSize(4096);
            unread.connect(server, 5000);
            floodUnreadClient(unread, server);
        }
    }

    @Test
    void aFloodedTlsClientThatDoesNotReadIsCutOffToo() throws Exception {
        InetSocketAddress server = start(StreamLimits.defaults().withBackPressure(64 * 1024, Duration.ofMillis(500)));
        InetSocketAddress tls = listener.startTls(LOOPBACK.getHostAddress(), 0,
                SelfSignedCertificate.serverContext(null, null, dataDir, LOOPBACK.getHostAddress()));
        try (Socket tcp = new Socket()) {
            tcp.setReceiveBufferSize(4096);
            tcp.connect(tls, 5000);
            try (SSLSocket unread = (SSLSocket) LoopbackTls.trustingAll().getSocketFactory()
                    .createSocket(tcp, LOOPBACK.getHostAddress(), tls.getPort(), true)) {
                unread.startHandshake();
                floodUnreadClient(unread, server);
            }
        }
    }

    /** A peer floods the client's relay; the client reads nothing; a UDP client of the same server must not notice. */
    private void floodUnreadClient(Socket unread, InetSocketAddress server) throws Exception {
        try (DatagramSocket other = new DatagramSocket(0, LOOPBACK);
             DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            // Generous: the machine running the suite may be shared; a timeout here only means "no answer".
            unread.setSoTimeout(15_000);
            other.setSoTimeout(15_000);
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            InetSocketAddress unreadRelay = allocateOverStream(unread, peerAddress);
            InetSocketAddress otherRelay = allocateOverUdp(other, server, peerAddress);

            byte[] media = new byte[1000];
            // The peer floods the relay until the server gives up on the client that does not read.
            assertEquals(1, Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(2))
                    .until("the client that stopped reading to be cut off", () -> {
                        for (int i = 0; i < 100 && listener.streamsCutOff() == 0; i++) {
                            peer.send(new DatagramPacket(media, media.length, unreadRelay));
                        }
                        return listener.streamsCutOff();
                    }, cutOff -> cutOff > 0), "only the client that stopped reading is cut off");
            assertTrue(listener.backPressureDrops() > 0, "relayed frames past the high-water mark are dropped, not queued");
            assertEndOfStream(unread.getInputStream());
            Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(20))
                    .until("the cut-off client's allocation to be released", () -> listener.allocationCount() == 1);

            byte[] hello = "still relaying".getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(hello, hello.length, otherRelay));
            StunMessage data = receive(other);
            assertTrue(data.is(StunClass.INDICATION, StunMethod.DATA), data::toString);
            assertEquals("still relaying", new String(data.data().orElseThrow(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        InetSocketAddress server = start(StreamLimits.defaults().withIdleTimeout(Duration.ofMillis(300)));
        try (Socket silent = new Socket()) {
            silent.connect(server, 5000);
            silent.setSoTimeout(5000);
            assertEndOfStream(silent.getInputStream());
            assertEquals(1, listener.streamsIdleClosed());
        }
    }

    @Test
    void connectionsOverThePerSourceCapAreClosedOnArrival() throws Exception {
        InetSocketAddress server = start(StreamLimits.defaults().withConnections(10, 2));
        try (Socket first = new Socket(); Socket second = new Socket(); Socket third = new Socket()) {
            for (Socket socket : new Socket[] {first, second, third}) {
                socket.connect(server, 5000);
                socket.setSoTimeout(5000);
            }
            assertEndOfStream(third.getInputStream());
            assertEquals(1, listener.streamsRefused());
            // The first two still work: the cap refuses, it does not reset the others.
            allocateOverStream(first, new InetSocketAddress(LOOPBACK, 9));
            assertEquals(2, listener.streamCount());
        }
    }

    @Test
    void closingAConnectionReleasesItsAllocation() throws Exception {
        InetSocketAddress server = start(StreamLimits.defaults());
        try (Socket client = new Socket()) {
            client.connect(server, 5000);
            client.setSoTimeout(5000);
            allocateOverStream(client, new InetSocketAddress(LOOPBACK, 9));
            assertEquals(1, listener.allocationCount());
        }
        // Without the release it would hold its relay port and its user's quota for ten minutes.
        Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(20))
                .until("the allocation to go with its connection", () -> listener.allocationCount() == 0);
    }

    private InetSocketAddress start(StreamLimits limits) throws Exception {
        int relayPorts = freeRelayPorts(2);
        TurnConfig config = TurnConfig.defaults(REALM, "rest-secret", LOOPBACK)
                .withStaticUsers(Map.of(USER, PASSWORD))
                .withRelayPorts(relayPorts, relayPorts + 1)
                .withPeers(PeerPolicy.defaults().withLoopbackAllowed(true));
        listener = new TurnListener(config, 0, Clock.systemUTC(), limits);
        return listener.start(LOOPBACK.getHostAddress(), 0);
    }

    /** Allocates over a TCP connection and permits the peer; returns the relayed address. */
    private static InetSocketAddress allocateOverStream(Socket socket, InetSocketAddress peer) throws IOException {
        String nonce = readStun(socket.getInputStream(), write(socket, allocate().encode())).nonce().orElseThrow();
        StunMessage allocated = readStun(socket.getInputStream(), write(socket, signed(allocate(), nonce)));
        assertEquals(StunClass.SUCCESS_RESPONSE, allocated.stunClass(), allocated::toString);
        StunMessage permitted = readStun(socket.getInputStream(),
                write(socket, signed(request(StunMethod.CREATE_PERMISSION).xorPeerAddress(peer), nonce)));
        assertEquals(StunClass.SUCCESS_RESPONSE, permitted.stunClass(), permitted::toString);
        return allocated.xorRelayedAddress().orElseThrow();
    }

    private static InetSocketAddress allocateOverUdp(DatagramSocket socket, InetSocketAddress server,
                                                     InetSocketAddress peer) throws IOException {
        String nonce = exchange(socket, server, allocate().encode()).nonce().orElseThrow();
        StunMessage allocated = exchange(socket, server, signed(allocate(), nonce));
        assertEquals(StunClass.SUCCESS_RESPONSE, allocated.stunClass(), allocated::toString);
        StunMessage permitted = exchange(socket, server,
                signed(request(StunMethod.CREATE_PERMISSION).xorPeerAddress(peer), nonce));
        assertEquals(StunClass.SUCCESS_RESPONSE, permitted.stunClass(), permitted::toString);
        return allocated.xorRelayedAddress().orElseThrow();
    }

    private static Socket write(Socket socket, byte[] message) throws IOException {
        socket.getOutputStream().write(message);
        socket.getOutputStream().flush();
        return socket;
    }

    /** STUN over a byte stream: the 20-byte header says how much follows (RFC 8489 §5). */
    private static StunMessage readStun(InputStream in, Socket ignored) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[StunDecoder.HEADER_LENGTH];
        data.readFully(header);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] message = Arrays.copyOf(header, StunDecoder.HEADER_LENGTH + length);
        data.readFully(message, StunDecoder.HEADER_LENGTH, length);
        return assertInstanceOf(StunMessage.class, StunDecoder.decode(message));
    }



    /** Reads what is left until the server's close shows; a timeout means the server kept it open. */
    private static void assertEndOfStream(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // drain what the kernel still holds
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the server should have closed the connection, but it stayed open", stillOpen);
        } catch (IOException reset) {
            // A reset is a close too (the server may have discarded unsent data), as is a TLS stream cut without close_notify.
        }
    }



}
