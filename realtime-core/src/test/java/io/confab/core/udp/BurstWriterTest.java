package io.confab.core.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A socket's sends of one loop round, with real sockets on loopback: runs of equal-size datagrams
 * to one address leave as UDP GSO sends and arrive at a plain socket as the separate datagrams
 * they were, of their sizes and in their order; without GSO, or once the kernel refuses a GSO
 * send, the same datagrams arrive sent one by one.
 */
class BurstWriterTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /**
     * SO_NO_CHECK (SOL_SOCKET 1, option 11): Linux refuses GSO on a socket that sends without UDP
     * checksums (EINVAL in udp_send_skb), while it sends plain datagrams; a refusal a test can make.
     */
    private static final IntegerUnixChannelOption NO_UDP_CHECKSUMS = new IntegerUnixChannelOption("SO_NO_CHECK", 1, 11);

    private final LongAdder segmentedSends = new LongAdder();
    private final List<Throwable> refusals = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;
    private Channel socket;

    @BeforeEach
    void open() throws Exception {
        assertTrue(Epoll.isAvailable(), "Netty's native epoll should load on linux-x86_64: " + Epoll.unavailabilityCause());
        group = new EpollEventLoopGroup(1);
        socket = new Bootstrap().group(group).channel(EpollDatagramChannel.class).handler(new ChannelInboundHandlerAdapter())
                .bind(LOOPBACK, 0).sync().channel();
    }

    @AfterEach
    void close() throws Exception {
        socket.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aGsoSendReachesAPlainSocketAsSeparateDatagramsOfTheRightSizesInOrder() throws Exception {
        assertTrue(SegmentedDatagramPacket.isSupported(), "this kernel (Linux 4.18 or later) and Netty's native library offer UDP GSO");
        BurstWriter writer = new BurstWriter(socket, true, segmentedSends, refusals::add);
        try (DatagramSocket receiver = receiver()) {
            // Five of 200 and a shorter last one make one run; three more of 200 start the next.
            List<byte[]> sent = datagrams(200, 200, 200, 200, 200, 120, 200, 200, 200);
            send(writer, to(receiver), sent);

            assertEquals(2, segmentedSends.sum(), "two GSO sends, one for each run");
            assertReceives(receiver, sent);
            assertTrue(refusals.isEmpty(), () -> "refused: " + refusals);
        }
    }

    @Test
    void aRunEndsWhereTheAddressOrTheSizeChangesAndEachAddressKeepsItsOrder() throws Exception {
        assertTrue(SegmentedDatagramPacket.isSupported(), "this kernel and Netty's native library offer UDP GSO");
        BurstWriter writer = new BurstWriter(socket, true, segmentedSends, refusals::add);
        try (DatagramSocket one = receiver(); DatagramSocket other = receiver()) {
            List<byte[]> toOne = datagrams(100, 100, 100, 300, 300, 80);
            List<byte[]> toOther = datagrams(50, 60, 60);
            socket.eventLoop().submit(() -> {
                // one: 100 100 100 | other: 50 | one: 300 300 | other: 60 60 | one: 80
                write(writer, to(one), toOne.subList(0, 3));
                write(writer, to(other), toOther.subList(0, 1));
                write(writer, to(one), toOne.subList(3, 5));
                write(writer, to(other), toOther.subList(1, 3));
                write(writer, to(one), toOne.subList(5, 6));
                writer.flush();
            }).get(5, TimeUnit.SECONDS);

            assertEquals(3, segmentedSends.sum(), "the runs of three, two and two datagrams; the lone ones go plain");
            assertReceives(one, toOne);
            assertReceives(other, toOther);
        }
    }

    @Test
    void aPlannedRunsBufferHoldsThatRunAndNoMore() throws Exception {
        assertTrue(SegmentedDatagramPacket.isSupported(), "this kernel and Netty's native library offer UDP GSO");
        BurstWriter writer = new BurstWriter(socket, true, segmentedSends, refusals::add);
        try (DatagramSocket one = receiver(); DatagramSocket other = receiver()) {
            List<byte[]> toOne = datagrams(200, 200, 120);
            List<byte[]> toOther = datagrams(100);
            int[] capacities = socket.eventLoop().submit(() -> {
                int[] seen = new int[2];
                ByteBuf planned = writer.next(to(one), 200, 520);
                seen[0] = planned.capacity();
                planned.writeBytes(toOne.get(0));
                writer.next(to(one), 200, 520).writeBytes(toOne.get(1));
                writer.next(to(one), 120, 520).writeBytes(toOne.get(2));
                ByteBuf unplanned = writer.next(to(other), 100);
                seen[1] = unplanned.capacity();
                unplanned.writeBytes(toOther.get(0));
                writer.flush();
                return seen;
            }).get(5, TimeUnit.SECONDS);

            assertEquals(520, capacities[0], "the planned run's buffer: its three datagrams' 520 bytes");
            // Unplanned, a run's buffer has room for a read's worth of datagrams of its first's size.
            assertEquals(100 * BurstWriter.SEGMENTS_PER_BUFFER, capacities[1], "an unplanned run's buffer");
            assertEquals(1, segmentedSends.sum(), "the planned run in one GSO send, the lone datagram plain");
            assertReceives(one, toOne);
            assertReceives(other, toOther);
        }
    }

    @Test
    void withoutGsoTheSameDatagramsLeaveOneByOne() throws Exception {
        BurstWriter writer = new BurstWriter(socket, false, segmentedSends, refusals::add);
        try (DatagramSocket receiver = receiver()) {
            List<byte[]> sent = datagrams(200, 200, 200, 120, 200);
            send(writer, to(receiver), sent);

            assertEquals(0, segmentedSends.sum(), "no GSO send");
            assertReceives(receiver, sent);
        }
    }

    @Test
    void aGsoSendTheKernelRefusesIsSentAgainOneByOneAheadOfWhatFollowsAndTheSocketStopsAsking() throws Exception {
        assertTrue(SegmentedDatagramPacket.isSupported(), "this kernel and Netty's native library offer UDP GSO");
        socket.config().setOption(NO_UDP_CHECKSUMS, 1);
        BurstWriter writer = new BurstWriter(socket, true, segmentedSends, refusals::add);
        try (DatagramSocket receiver = receiver()) {
            // The longer last one is written after the run is sealed and must not overtake its resent datagrams.
            List<byte[]> first = datagrams(200, 200, 200, 200, 300);
            send(writer, to(receiver), first);
            assertReceives(receiver, first);
            assertEquals(1, refusals.size(), () -> "one refusal told: " + refusals);
            assertEquals(1, segmentedSends.sum(), "the one GSO send tried");

            List<byte[]> second = datagrams(200, 200, 200);
            send(writer, to(receiver), second);
            assertReceives(receiver, second);
            assertEquals(1, segmentedSends.sum(), "no GSO send after the refusal");
            assertEquals(1, refusals.size());
        }
    }

    @Test
    void aGsoSendRefusedAfterOthersWentThroughIsSentAgainAheadOfWhatFollowsItInTheSameFlush() throws Exception {
        assertTrue(SegmentedDatagramPacket.isSupported(), "this kernel and Netty's native library offer UDP GSO");
        BurstWriter writer = new BurstWriter(socket, true, segmentedSends, refusals::add);
        try (DatagramSocket one = receiver(); DatagramSocket other = receiver()) {
            // A GSO send goes through: the socket's later GSO sends wait in its queue with the rest.
            List<byte[]> before = datagrams(200, 200, 200);
            send(writer, to(one), before);
            assertReceives(one, before);
            assertTrue(refusals.isEmpty(), () -> "refused: " + refusals);

            // Then the kernel refuses GSO on this socket (a route that changed, in real life).
            socket.config().setOption(NO_UDP_CHECKSUMS, 1);
            List<byte[]> toOne = datagrams(200, 200, 200, 300, 250, 250);
            List<byte[]> toOther = datagrams(100, 100);
            socket.eventLoop().submit(() -> {
                // one: 200 200 200 (refused at the flush) | 300 | other: 100 100 | one: 250 250, all in one flush
                write(writer, to(one), toOne.subList(0, 4));
                write(writer, to(other), toOther);
                write(writer, to(one), toOne.subList(4, 6));
                writer.flush();
            }).get(5, TimeUnit.SECONDS);

            assertReceives(one, toOne);
            assertReceives(other, toOther);
            assertEquals(1, refusals.size(), () -> "one refusal told: " + refusals);
            assertEquals(4, segmentedSends.sum(), "the GSO send that went through and the three tried in the refused flush");

            List<byte[]> after = datagrams(200, 200);
            send(writer, to(one), after);
            assertReceives(one, after);
            assertEquals(4, segmentedSends.sum(), "no GSO send after the refusal");
        }
    }

    private static DatagramSocket receiver() throws Exception {
        DatagramSocket receiver = new DatagramSocket(0, LOOPBACK);
        receiver.setSoTimeout(5000);
        return receiver;
    }

    private static InetSocketAddress to(DatagramSocket receiver) {
        return (InetSocketAddress) receiver.getLocalSocketAddress();
    }

    /** Datagrams of these sizes, each filled with a byte of its own so that order shows. */
    private static List<byte[]> datagrams(int... sizes) {
        List<byte[]> datagrams = new ArrayList<>();
        for (int size : sizes) {
            byte[] datagram = new byte[size];
            Arrays.fill(datagram, (byte) (datagrams.size() * 7 + size));
            datagrams.add(datagram);
        }
        return datagrams;
    }

    private void send(BurstWriter writer, InetSocketAddress to, List<byte[]> datagrams) throws Exception {
        socket.eventLoop().submit(() -> {
            write(writer, to, datagrams);
            writer.flush();
        }).get(5, TimeUnit.SECONDS);
    }

    private static void write(BurstWriter writer, InetSocketAddress to, List<byte[]> datagrams) {
        for (byte[] datagram : datagrams) {
            writer.next(to, datagram.length).writeBytes(datagram);
        }
    }

    private static void assertReceives(DatagramSocket receiver, List<byte[]> expected) throws Exception {
        for (int i = 0; i < expected.size(); i++) {
            DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
            receiver.receive(packet);
            assertArrayEquals(expected.get(i), Arrays.copyOf(packet.getData(), packet.getLength()),
                    "datagram " + i + " of " + expected.size() + ": " + expected.get(i).length + " bytes expected, "
                            + packet.getLength() + " came");
        }
        receiver.setSoTimeout(200);
        try {
            assertThrows(SocketTimeoutException.class, () -> receiver.receive(new DatagramPacket(new byte[65536], 65536)),
                    "nothing more than the datagrams sent");
        } finally {
            receiver.setSoTimeout(5000);
        }
    }
}
