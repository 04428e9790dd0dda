package io.confab.core.sfu.transport;

import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.unix.IntegerUnixChannelOption;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UDP GSO on the media socket's flush, with real epoll sockets on loopback and plain receivers: a
 * receiver's consecutive copies of one size (the last may be shorter) leave as one GSO send and arrive
 * as the separate datagrams they were, in order; copies to several receivers, interleaved as fan-outs
 * queue them, reach each receiver whole and in its own order; without GSO, or once the kernel refuses a
 * GSO send, the same copies arrive sent one by one, in order.
 */
class MediaSocketSegmentationTest {

    @Test
    void aReceiversRunsOfCopiesLeaveAsGsoSendsAndArriveWholeAndInOrder() throws Exception {
        assertTrue(SegmentedDatagramPacket.isSupported(), "this kernel (Linux 4.18 or later) and Netty's native library offer UDP GSO");
        try (MediaSocket port = new MediaSocket(true, true); DatagramSocket alice = receiver()) {
            port.start("127.0.0.1", 0, (buffer, length, from) -> { });
            // Five of 1,200 and a shorter one make one run; three more of 1,200 the next.
            List<byte[]> copies = datagrams(1, 1200, 1200, 1200, 1200, 1200, 800, 1200, 1200, 1200);
            sendInOneTask(port, List.of(address(alice)), List.of(copies));

            assertReceives(alice, copies);
            assertTrue(port.udpSegmentation());
            assertEquals(2, port.segmentedSends(), "one GSO send for each run");
            assertEquals(9, port.segmentedCopies(), "every copy left inside a run");
            assertEquals(9, port.datagramsSent());
            assertEquals(1, port.sendBatches());
            assertEquals(0, port.sendsRefused());
        }
    }

    @Test
    void fanOutsInterleavedByTheQueueReachEachReceiverWholeAndInItsOwnOrder() throws Exception {
        assertTrue(SegmentedDatagramPacket.isSupported(), "this kernel and Netty's native library offer UDP GSO");
        try (MediaSocket port = new MediaSocket(true, true); DatagramSocket alice = receiver(); DatagramSocket bob = receiver();
             DatagramSocket carol = receiver()) {
            port.start("127.0.0.1", 0, (buffer, length, from) -> { });
            // Per receiver: video packets of a frame (equal sizes, the last shorter), audio between them,
            // a size change; queued packet by packet, each to every receiver in turn, as fan-out does.
            int[] sizes = {1100, 1100, 160, 1100, 1100, 700, 160, 1200, 1200};
            List<byte[]> toAlice = datagrams(1, sizes);
            List<byte[]> toBob = datagrams(2, sizes);
            List<byte[]> toCarol = datagrams(3, 90, 90);
            sendInOneTask(port, List.of(address(alice), address(bob), address(carol)), List.of(toAlice, toBob, toCarol));

            assertReceives(alice, toAlice);
            assertReceives(bob, toBob);
            assertReceives(carol, toCarol);
            // Alice's and Bob's: runs 1100 1100 160 | 1100 1100 700 (a shorter copy ends a run), a lone 160,
            // a run 1200 1200 (a longer one starts a new run); Carol's: a run 90 90.
            assertEquals(7, port.segmentedSends(), "three runs each for alice and bob, one for carol");
            assertEquals(2 * 8 + 2, port.segmentedCopies(), "all but the lone 160s left inside runs");
            assertEquals(2L * sizes.length + 2, port.datagramsSent());
        }
    }

    @Test
    void withoutGsoTheSameCopiesLeaveOneByOneInOrder() throws Exception {
        try (MediaSocket port = new MediaSocket(true, false); DatagramSocket alice = receiver(); DatagramSocket bob = receiver()) {
            port.start("127.0.0.1", 0, (buffer, length, from) -> { });
            List<byte[]> toAlice = datagrams(1, 1200, 1200, 1200, 800);
            List<byte[]> toBob = datagrams(2, 1200, 1200);
            sendInOneTask(port, List.of(address(alice), address(bob)), List.of(toAlice, toBob));

            assertReceives(alice, toAlice);
            assertReceives(bob, toBob);
            assertFalse(port.udpSegmentation());
            assertEquals(0, port.segmentedSends(), "no GSO send");
            assertEquals(0, port.segmentedCopies());
            assertEquals(6, port.datagramsSent());
        }
    }

    @Test
    void aGsoSendTheKernelRefusesIsSentAgainOneByOneInOrderAndTheSocketStopsAsking() throws Exception {
        assertTrue(SegmentedDatagramPacket.isSupported(), "this kernel and Netty's native library offer UDP GSO");
        try (MediaSocket port = new MediaSocket(true, true); DatagramSocket alice = receiver(); DatagramSocket bob = receiver()) {
            port.start("127.0.0.1", 0, (buffer, length, from) -> { });
            // SO_NO_CHECK (SOL_SOCKET 1, option 11): Linux refuses GSO on a socket that sends without UDP
            // checksums (EINVAL in udp_send_skb), while it sends plain datagrams; a refusal the test can make.
            port.channel().config().setOption(new IntegerUnixChannelOption("SO_NO_CHECK", 1, 11), 1);
            // Alice's run is followed, in the same flush, by a longer copy of hers that must not overtake it.
            List<byte[]> toAlice = datagrams(1, 1200, 1200, 1200, 1200, 1300);
            List<byte[]> toBob = datagrams(2, 1200, 1200, 1200);
            sendInOneTask(port, List.of(address(alice), address(bob)), List.of(toAlice, toBob));

            assertReceives(alice, toAlice);
            assertReceives(bob, toBob);
            assertEquals(1, port.segmentationRefusals(), "one refusal");
            assertFalse(port.udpSegmentation(), "the socket sends without GSO after the refusal");
            // Both runs were queued before the flush found the first refused; each went out one by one in its place.
            assertEquals(2, port.segmentedSends(), "Alice's and Bob's runs tried as GSO sends");
            assertEquals(8, port.datagramsSent());

            List<byte[]> again = datagrams(3, 1200, 1200, 1200);
            sendInOneTask(port, List.of(address(alice)), List.of(again));
            assertReceives(alice, again);
            assertEquals(2, port.segmentedSends(), "no GSO send after the refusal");
            assertEquals(0, port.sendsRefused(), "every copy reached the kernel");
        }
    }

    /**
     * Queues, in one task on the media thread, the i-th copy of every receiver, then the (i+1)-th, as
     * fan-out interleaves them; the task's sends leave in one flush at the end of the loop's round.
     */
    private static void sendInOneTask(MediaSocket port, List<InetSocketAddress> receivers, List<List<byte[]>> copies)
            throws InterruptedException {
        CountDownLatch queued = new CountDownLatch(1);
        port.execute(() -> {
            int most = copies.stream().mapToInt(List::size).max().orElse(0);
            for (int i = 0; i < most; i++) {
                for (int r = 0; r < receivers.size(); r++) {
                    if (i < copies.get(r).size()) {
                        byte[] copy = copies.get(r).get(i);
                        port.send(copy, 0, copy.length, receivers.get(r));
                    }
                }
            }
            queued.countDown();
        });
        assertTrue(queued.await(5, TimeUnit.SECONDS), "the media thread did not run a task within 5 s");
        // The flush runs after the task; a task queued after it sees its counters.
        CountDownLatch flushed = new CountDownLatch(1);
        port.execute(flushed::countDown);
        assertTrue(flushed.await(5, TimeUnit.SECONDS), "the media thread did not run a task within 5 s");
    }

    private static DatagramSocket receiver() throws Exception {
        DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        receiver.setSoTimeout(5000);
        return receiver;
    }

    private static InetSocketAddress address(DatagramSocket receiver) {
        return (InetSocketAddress) receiver.getLocalSocketAddress();
    }

    /** Datagrams of these sizes, each filled with a byte of its own (from {@code seed} and its place) so that order shows. */
    private static List<byte[]> datagrams(int seed, int... sizes) {
        List<byte[]> datagrams = new ArrayList<>();
        for (int size : sizes) {
            byte[] datagram = new byte[size];
            Arrays.fill(datagram, (byte) (seed * 31 + datagrams.size()));
            datagrams.add(datagram);
        }
        return datagrams;
    }

    private static void assertReceives(DatagramSocket receiver, List<byte[]> expected) throws Exception {
        for (int i = 0; i < expected.size(); i++) {
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            try {
                receiver.receive(packet);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("receiver on port " + receiver.getLocalPort() + " got " + i + " of " + expected.size()
                        + " datagrams within 5 s", e);
            }
            assertArrayEquals(expected.get(i), Arrays.copyOf(packet.getData(), packet.getLength()),
                    "datagram " + i + " of " + expected.size() + " to port " + receiver.getLocalPort() + ": "
                            + expected.get(i).length + " bytes expected, " + packet.getLength() + " came");
        }
        receiver.setSoTimeout(200);
        try {
            assertThrows(SocketTimeoutException.class, () -> receiver.receive(new DatagramPacket(new byte[2048], 2048)),
                    "nothing more than the copies sent");
        } finally {
            receiver.setSoTimeout(5000);
        }
    }
}
