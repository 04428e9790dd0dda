package io.confab.core.turn.transport;

import io.confab.testing.Eventually;
import static io.confab.core.turn.transport.LoopbackStun.LOOPBACK;
import static io.confab.core.turn.transport.LoopbackStun.PASSWORD;
import static io.confab.core.turn.transport.LoopbackStun.REALM;
import static io.confab.core.turn.transport.LoopbackStun.USER;
import static io.confab.core.turn.transport.LoopbackStun.allocate;
import static io.confab.core.turn.transport.LoopbackStun.exchange;
import static io.confab.core.turn.transport.LoopbackStun.freeRelayPorts;
import static io.confab.core.turn.transport.LoopbackStun.request;
import static io.confab.core.turn.transport.LoopbackStun.signed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMethod;
import io.confab.core.metrics.TurnMeters;
import io.confab.core.turn.ChannelData;
import io.confab.core.turn.TurnDropReason;
import io.confab.core.turn.PeerPolicy;
import io.confab.core.turn.TurnConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay path over a channel binding with real sockets (RFC 8656 §12): what a client sends as
 * ChannelData reaches the peer as exactly its data, from the relayed address, and what the peer
 * answers reaches the client as a ChannelData frame on that channel, unpadded over UDP and padded
 * to four bytes over TCP (§12.5). The transport relays these from its receive buffers without the
 * core seeing the bytes; frames it does not route (an unbound channel) still reach the core, which
 * counts the drop.
 */
class TurnChannelRelayTest {

    private static final int CHANNEL = 0x4001;

    private TurnListener listener;

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "epoll without GSO", "nio"})
    void aUdpClientAndItsPeerTalkThroughABoundChannel(String transportName) throws Exception {
        NettyTransport transport = Map.of("epoll", NettyTransport.EPOLL, "epoll without GSO", NettyTransport.EPOLL_WITHOUT_GSO,
                "nio", NettyTransport.NIO).get(transportName);
        if (transport != NettyTransport.NIO) {
            assertTrue(Epoll.isAvailable(), "Netty's native epoll should load on linux-x86_64: " + NettyTransport.epollUnavailable());
        }
        listener = new TurnListener(config(), 2, transport, Clock.systemUTC(), StreamLimits.defaults());
        InetSocketAddress server = listener.start(LOOPBACK.getHostAddress(), 0);
        try (DatagramSocket client = new DatagramSocket(0, LOOPBACK); DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            client.setSoTimeout(5000);
            peer.setSoTimeout(5000);
            String nonce = exchange(client, server, allocate().encode()).nonce().orElseThrow();
            StunMessage allocated = exchange(client, server, signed(allocate(), nonce));
            InetSocketAddress relay = allocated.xorRelayedAddress().orElseThrow();
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            StunMessage bound = exchange(client, server, signed(request(StunMethod.CHANNEL_BIND).channelNumber(CHANNEL)
                    .xorPeerAddress(peerAddress), nonce));
            assertEquals(StunClass.SUCCESS_RESPONSE, bound.stunClass(), bound::toString);

            // Several frames of odd lengths, sent back to back, so a read may hold more than one.
            for (int i = 0; i < 5; i++) {
                byte[] data = payload("to the peer ", i);
                byte[] frame = new ChannelData(CHANNEL, data).encode(false);
                client.send(new DatagramPacket(frame, frame.length, server));
            }
            for (int i = 0; i < 5; i++) {
                DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
                peer.receive(received);
                assertEquals(relay, received.getSocketAddress(), "the peer hears from the relayed address");
                assertArrayEquals(payload("to the peer ", i), Arrays.copyOf(received.getData(), received.getLength()),
                        "the peer gets the data alone, without the ChannelData header");
            }

            for (int i = 0; i < 5; i++) {
                byte[] answer = payload("to the client ", i);
                peer.send(new DatagramPacket(answer, answer.length, relay));
            }
            for (int i = 0; i < 5; i++) {
                DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
                client.receive(received);
                byte[] frame = Arrays.copyOf(received.getData(), received.getLength());
                byte[] answer = payload("to the client ", i);
                assertEquals(ChannelData.HEADER_LENGTH + answer.length, frame.length, "no padding over UDP");
                ChannelData data = ChannelData.decode(frame, 0, frame.length).orElseThrow();
                assertEquals(CHANNEL, data.channel());
                assertArrayEquals(answer, data.data());
            }

            byte[] unbound = new ChannelData(CHANNEL + 1, payload("nowhere ", 0)).encode(false);
            client.send(new DatagramPacket(unbound, unbound.length, server));
            Eventually.within(Duration.ofSeconds(5)).every(Duration.ofMillis(10))
                    .holds(() -> listener.drops(TurnDropReason.CHANNEL_NOT_BOUND) != 0);
            assertEquals(1, listener.drops(TurnDropReason.CHANNEL_NOT_BOUND), "a frame the relay path does not route reaches the core");
            assertEquals(0, listener.failures());
            assertEquals(transport == NettyTransport.EPOLL, listener.udpSegmentation(), "UDP GSO only on epoll that asks for it");
            if (transport != NettyTransport.EPOLL) {
                assertEquals(0, listener.segmentedSends(), "no GSO send without GSO");
            }
            assertEquals(0, listener.segmentationRefusals());
        }
    }

    @Test
    void aTcpClientGetsItsPeersDatagramsAsPaddedChannelDataFrames() throws Exception {
        listener = new TurnListener(config(), Clock.systemUTC());
        InetSocketAddress server = listener.start(LOOPBACK.getHostAddress(), 0);
        try (Socket socket = new Socket(LOOPBACK, server.getPort()); DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            socket.setSoTimeout(5000);
            peer.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String nonce = overStream(in, out, allocate().encode()).nonce().orElseThrow();
            InetSocketAddress relay = overStream(in, out, signed(allocate(), nonce)).xorRelayedAddress().orElseThrow();
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            StunMessage bound = overStream(in, out, signed(request(StunMethod.CHANNEL_BIND).channelNumber(CHANNEL)
                    .xorPeerAddress(peerAddress), nonce));
            assertEquals(StunClass.SUCCESS_RESPONSE, bound.stunClass(), bound::toString);

            for (int length = 1; length <= 4; length++) {
                byte[] answer = Arrays.copyOf("abcd".getBytes(StandardCharsets.US_ASCII), length);
                peer.send(new DatagramPacket(answer, answer.length, relay));
                byte[] header = new byte[ChannelData.HEADER_LENGTH];
                in.readFully(header);
                assertEquals(CHANNEL, ((header[0] & 0xFF) << 8) | (header[1] & 0xFF));
                assertEquals(length, ((header[2] & 0xFF) << 8) | (header[3] & 0xFF), "the length leaves the padding out");
                byte[] padded = new byte[ChannelData.streamFrameLength(length) - ChannelData.HEADER_LENGTH];
                in.readFully(padded);
                assertEquals(4, padded.length, length + " bytes are padded to 4");
                assertArrayEquals(answer, Arrays.copyOf(padded, length));
                for (int i = length; i < padded.length; i++) {
                    assertEquals(0, padded[i], "padding is zeros");
                }
            }
        }
    }

    /**
     * Bursts of equal frames both ways, queued in the sockets while the loops are held up, so each
     * read takes many at once: they leave the relay as UDP GSO sends and arrive whole and in order.
     */
    @Test
    void burstsOfEqualFramesCrossTheRelayInGsoSendsAndArriveWholeAndInOrder() throws Exception {
        assertTrue(NettyTransport.EPOLL.segmentsUdp(), "this kernel and Netty's native library offer UDP GSO");
        listener = new TurnListener(config(), 2, NettyTransport.EPOLL, Clock.systemUTC(), StreamLimits.defaults());
        InetSocketAddress server = listener.start(LOOPBACK.getHostAddress(), 0);
        try (DatagramSocket client = new DatagramSocket(0, LOOPBACK); DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            client.setSoTimeout(5000);
            peer.setSoTimeout(5000);
            String nonce = exchange(client, server, allocate().encode()).nonce().orElseThrow();
            InetSocketAddress relay = exchange(client, server, signed(allocate(), nonce)).xorRelayedAddress().orElseThrow();
            StunMessage bound = exchange(client, server, signed(request(StunMethod.CHANNEL_BIND).channelNumber(CHANNEL)
                    .xorPeerAddress((InetSocketAddress) peer.getLocalSocketAddress()), nonce));
            assertEquals(StunClass.SUCCESS_RESPONSE, bound.stunClass(), bound::toString);
            int frames = 40;

            try (HeldLoops held = new HeldLoops(listener)) {
                for (int i = 0; i < frames; i++) {
                    byte[] frame = new ChannelData(CHANNEL, numbered(i)).encode(false);
                    client.send(new DatagramPacket(frame, frame.length, server));
                }
            }
            for (int i = 0; i < frames; i++) {
                DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
                peer.receive(received);
                assertEquals(relay, received.getSocketAddress());
                assertArrayEquals(numbered(i), Arrays.copyOf(received.getData(), received.getLength()), "datagram " + i);
            }
            long toPeer = listener.segmentedSends();
            assertTrue(toPeer > 0, "the client's burst left the relay socket in GSO sends");

            try (HeldLoops held = new HeldLoops(listener)) {
                for (int i = 0; i < frames; i++) {
                    byte[] data = numbered(i);
                    peer.send(new DatagramPacket(data, data.length, relay));
                }
            }
            for (int i = 0; i < frames; i++) {
                DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
                client.receive(received);
                byte[] frame = Arrays.copyOf(received.getData(), received.getLength());
                assertEquals(ChannelData.HEADER_LENGTH + 200, frame.length, "frame " + i + ": one datagram each, unpadded");
                ChannelData data = ChannelData.decode(frame, 0, frame.length).orElseThrow();
                assertEquals(CHANNEL, data.channel());
                assertArrayEquals(numbered(i), data.data(), "frame " + i);
            }
            assertTrue(listener.segmentedSends() > toPeer, "the peer's burst left the listener socket in GSO sends");
            assertEquals(0, listener.segmentationRefusals());
            assertEquals(0, listener.failures());

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new TurnMeters(listener).bindTo(registry);
            String scrape = registry.scrape();
            assertTrue(scrape.contains("confab_turn_udp_segmented_sends_total " + (double) listener.segmentedSends()),
                    "the GSO sends are exported: " + scrape);
            assertTrue(scrape.contains("confab_turn_udp_segmentation_refusals_total 0.0"), scrape);
            assertTrue(scrape.contains("confab_turn_hand_offs_total " + (double) listener.handOffs()), scrape);
        }
    }

    /**
     * Two relayed clients of one server, each bound to the other's relayed address, as two relay-only
     * browsers are: a burst from one leaves its relay socket in GSO sends, reaches the other relay
     * socket as its datagrams, and arrives at the other client as ChannelData frames, one per
     * datagram, whole and in order.
     */
    @Test
    void aBurstFromOneRelayedClientToAnotherArrivesWholeAndInOrder() throws Exception {
        assertTrue(NettyTransport.EPOLL.segmentsUdp(), "this kernel and Netty's native library offer UDP GSO");
        listener = new TurnListener(config(), 2, NettyTransport.EPOLL, Clock.systemUTC(), StreamLimits.defaults());
        InetSocketAddress server = listener.start(LOOPBACK.getHostAddress(), 0);
        try (DatagramSocket one = new DatagramSocket(0, LOOPBACK); DatagramSocket other = new DatagramSocket(0, LOOPBACK)) {
            one.setSoTimeout(5000);
            other.setSoTimeout(5000);
            String nonceOne = exchange(one, server, allocate().encode()).nonce().orElseThrow();
            InetSocketAddress relayOne = exchange(one, server, signed(allocate(), nonceOne)).xorRelayedAddress().orElseThrow();
            String nonceOther = exchange(other, server, allocate().encode()).nonce().orElseThrow();
            InetSocketAddress relayOther = exchange(other, server, signed(allocate(), nonceOther)).xorRelayedAddress().orElseThrow();
            assertEquals(StunClass.SUCCESS_RESPONSE, exchange(one, server, signed(request(StunMethod.CHANNEL_BIND)
                    .channelNumber(CHANNEL).xorPeerAddress(relayOther), nonceOne)).stunClass());
            assertEquals(StunClass.SUCCESS_RESPONSE, exchange(other, server, signed(request(StunMethod.CHANNEL_BIND)
                    .channelNumber(CHANNEL + 1).xorPeerAddress(relayOne), nonceOther)).stunClass());
            int frames = 40;

            try (HeldLoops held = new HeldLoops(listener)) {
                for (int i = 0; i < frames; i++) {
                    byte[] frame = new ChannelData(CHANNEL, numbered(i)).encode(false);
                    one.send(new DatagramPacket(frame, frame.length, server));
                }
            }
            for (int i = 0; i < frames; i++) {
                DatagramPacket received = new DatagramPacket(new byte[65536], 65536);
                other.receive(received);
                byte[] frame = Arrays.copyOf(received.getData(), received.getLength());
                assertEquals(ChannelData.HEADER_LENGTH + 200, frame.length, "frame " + i + ": one datagram each");
                ChannelData data = ChannelData.decode(frame, 0, frame.length).orElseThrow();
                assertEquals(CHANNEL + 1, data.channel(), "on the other client's channel to the first one's relay");
                assertArrayEquals(numbered(i), data.data(), "frame " + i);
            }
            assertTrue(listener.segmentedSends() > 0, "the burst crossed in GSO sends");
            assertEquals(0, listener.failures());
        }
    }

    /** 200 bytes that say which one they are. */
    private static byte[] numbered(int i) {
        byte[] data = new byte[200];
        Arrays.fill(data, (byte) i);
        data[0] = (byte) (i >> 8);
        return data;
    }

    /** Every event loop of the listener held in a task until closed, so datagrams queue in the sockets meanwhile. */
    private static final class HeldLoops implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);

        HeldLoops(TurnListener listener) throws InterruptedException {
            CountDownLatch holding = new CountDownLatch(listener.eventLoops());
            for (int i = 0; i < listener.eventLoops(); i++) {
                listener.loop(i).eventLoop().execute(() -> {
                    holding.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertTrue(holding.await(5, TimeUnit.SECONDS), "every loop held");
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    private static StunMessage overStream(DataInputStream in, OutputStream out, byte[] request) throws IOException {
        out.write(request);
        out.flush();
        byte[] header = new byte[StunDecoder.HEADER_LENGTH];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] message = Arrays.copyOf(header, StunDecoder.HEADER_LENGTH + length);
        in.readFully(message, StunDecoder.HEADER_LENGTH, length);
        return assertInstanceOf(StunMessage.class, StunDecoder.decode(message));
    }

    /** One byte longer for each i: odd and even lengths, so a padding slip would show. */
    private static byte[] payload(String text, int i) {
        return (text + "x".repeat(i)).getBytes(StandardCharsets.US_ASCII);
    }

    private static TurnConfig config() throws IOException {
        int relayPorts = freeRelayPorts(100);
        return TurnConfig.defaults(REALM, "rest-secret", LOOPBACK)
                .withStaticUsers(Map.of(USER, PASSWORD))
                .withRelayPorts(relayPorts, relayPorts + 99)
                .withPeers(PeerPolicy.defaults().withLoopbackAllowed(true));
    }
}
