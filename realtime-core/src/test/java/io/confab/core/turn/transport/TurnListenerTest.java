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

import io.confab.core.http.LoopbackTls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.http.SelfSignedCertificate;
import io.confab.core.stun.StunErrorCode;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import io.confab.core.turn.PeerPolicy;
import io.confab.core.turn.TurnConfig;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Netty listeners with real sockets on loopback: TURN over TLS (RFC 8656 §3.1) and a relay
 * port that another process holds.
 */
class TurnListenerTest {


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
    void aClientThatSpeaksPlainTextToTheTlsPortIsItsOwnFaultNotAServerFailure() throws Exception {
        listener = new TurnListener(config(freeRelayPorts(1)), Clock.systemUTC());
        listener.start(LOOPBACK.getHostAddress(), 0);
        InetSocketAddress tls = listener.startTls(LOOPBACK.getHostAddress(), 0,
                SelfSignedCertificate.serverContext(null, null, dataDir, LOOPBACK.getHostAddress()));
        try (java.net.Socket socket = new java.net.Socket(LOOPBACK, tls.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(allocate().encode());
            socket.getOutputStream().flush();
            // The server closes the connection it cannot read (at most an alert first).
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[512];
            while (in.read(sink) >= 0) {
                // drain until closed
            }
        }
        assertEquals(0, listener.failures(), "a client's failed TLS handshake is not a failure of the server");
    }

    @Test
    void theClientsExceptionsAreToldFromTheServersOwn() {
        assertTrue(TurnListener.clientsDoing(new java.net.SocketException("Connection reset")));
        assertTrue(TurnListener.clientsDoing(new io.netty.handler.codec.DecoderException(
                new javax.net.ssl.SSLHandshakeException("no cipher suites in common"))));
        assertTrue(TurnListener.clientsDoing(new IllegalStateException("wrapped", new java.io.IOException("broken pipe"))));
        org.junit.jupiter.api.Assertions.assertFalse(TurnListener.clientsDoing(new NullPointerException()));
        org.junit.jupiter.api.Assertions.assertFalse(TurnListener.clientsDoing(new IllegalStateException("a bug of ours")));
    }

    @Test
    void aTlsClientAllocatesAndRelaysThroughItsAllocation() throws Exception {
        int relayPort = freeRelayPorts(1);
        listener = new TurnListener(config(relayPort), Clock.systemUTC());
        listener.start(LOOPBACK.getHostAddress(), 0);
        InetSocketAddress tls = listener.startTls(LOOPBACK.getHostAddress(), 0,
                SelfSignedCertificate.serverContext(null, null, dataDir, LOOPBACK.getHostAddress()));

        try (SSLSocket socket = (SSLSocket) LoopbackTls.trustingAll().getSocketFactory().createSocket(LOOPBACK, tls.getPort());
             DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            socket.setSoTimeout(5000);
            peer.setSoTimeout(5000);
            StreamClient client = new StreamClient(socket.getInputStream(), socket.getOutputStream());

            StunMessage challenge = client.exchange(allocate().encode());
            assertEquals(401, challenge.errorCode().map(StunErrorCode::code).orElseThrow(), challenge::toString);
            String nonce = challenge.nonce().orElseThrow();
            StunMessage allocated = client.exchange(signed(allocate(), nonce));
            assertEquals(StunClass.SUCCESS_RESPONSE, allocated.stunClass(), allocated::toString);
            InetSocketAddress relay = allocated.xorRelayedAddress().orElseThrow();
            assertEquals(new InetSocketAddress(LOOPBACK, relayPort), relay);

            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            StunMessage permitted = client.exchange(signed(request(StunMethod.CREATE_PERMISSION).xorPeerAddress(peerAddress), nonce));
            assertEquals(StunClass.SUCCESS_RESPONSE, permitted.stunClass(), permitted::toString);

            byte[] hello = "hello over tls".getBytes(StandardCharsets.US_ASCII);
            client.write(new StunMessageBuilder(StunClass.INDICATION, StunMethod.SEND, TransactionId.random())
                    .xorPeerAddress(peerAddress).data(hello).encode());
            DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
            peer.receive(received);
            assertEquals(relay, received.getSocketAddress(), "the peer hears from the relayed address");
            assertArrayEquals(hello, java.util.Arrays.copyOf(received.getData(), received.getLength()));

            byte[] answer = "and back".getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(answer, answer.length, relay));
            StunMessage data = client.read();
            assertTrue(data.is(StunClass.INDICATION, StunMethod.DATA), data::toString);
            assertArrayEquals(answer, data.data().orElseThrow());
        }
    }

    @Test
    void aRelayPortHeldByAnotherSocketGets508AndLeavesNoAllocation() throws Exception {
        try (DatagramSocket squatter = new DatagramSocket(0, LOOPBACK);
             DatagramSocket client = new DatagramSocket(0, LOOPBACK)) {
            listener = new TurnListener(config(squatter.getLocalPort()), Clock.systemUTC());
            InetSocketAddress server = listener.start(LOOPBACK.getHostAddress(), 0);
            client.setSoTimeout(5000);

            StunMessage challenge = exchange(client, server, allocate().encode());
            StunMessage refused = exchange(client, server, signed(allocate(), challenge.nonce().orElseThrow()));

            assertEquals(508, refused.errorCode().map(StunErrorCode::code).orElseThrow(), refused::toString);
            assertEquals(0, listener.allocationCount(), "no allocation may outlive its relay socket");
            assertEquals(1, listener.relayBindFailures());
        }
    }

    private static TurnConfig config(int relayPort) {
        return TurnConfig.defaults(REALM, "rest-secret", LOOPBACK)
                .withStaticUsers(Map.of(USER, PASSWORD))
                .withRelayPorts(relayPort, relayPort)
                .withPeers(PeerPolicy.defaults().withLoopbackAllowed(true));
    }






    /** STUN over a byte stream: the 20-byte header says how much follows (RFC 8489 §5). */
    private record StreamClient(InputStream in, OutputStream out) {
        StunMessage exchange(byte[] request) throws IOException {
            write(request);
            return read();
        }

        void write(byte[] message) throws IOException {
            out.write(message);
            out.flush();
        }

        StunMessage read() throws IOException {
            DataInputStream data = new DataInputStream(in);
            byte[] header = new byte[StunDecoder.HEADER_LENGTH];
            data.readFully(header);
            int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            byte[] message = java.util.Arrays.copyOf(header, StunDecoder.HEADER_LENGTH + length);
            data.readFully(message, StunDecoder.HEADER_LENGTH, length);
            return assertInstanceOf(StunMessage.class, StunDecoder.decode(message));
        }
    }
}
