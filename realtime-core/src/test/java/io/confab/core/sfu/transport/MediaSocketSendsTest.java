package io.confab.core.sfu.transport;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media port's sends over real loopback sockets: on epoll a read batch's copies, and a task's
 * sends, leave together in one flush (one {@code sendmmsg}); on NIO each leaves at once; every copy
 * arrives either way.
 */
class MediaSocketSendsTest {

    private static final int RECEIVERS = 10;

    @Test
    void aDatagramsCopiesToEveryReceiverLeaveInOneBatchOnEpoll() throws Exception {
        assertTrue(Epoll.isAvailable(), "Netty's native epoll should load on linux-x86_64: " + Epoll.unavailabilityCause());
        fanOut(new MediaSocket(true), 1);
    }

    @Test
    void withoutEpollEachCopyLeavesAtOnceAndAllArrive() throws Exception {
        fanOut(new MediaSocket(false), 0);
    }

    @Test
    void sendsFromATaskLeaveTogetherAtTheEndOfTheLoopsRound() throws Exception {
        List<DatagramSocket> receivers = receivers();
        MediaSocket port = new MediaSocket(true);
        try (port) {
            port.start("127.0.0.1", 0, (buffer, length, from) -> { });
            CountDownLatch queued = new CountDownLatch(1);
            port.execute(() -> {
                for (DatagramSocket receiver : receivers) {
                    byte[] timerPacket = ("report for " + receiver.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
                    port.send(timerPacket, 0, timerPacket.length, (InetSocketAddress) receiver.getLocalSocketAddress());
                }
                queued.countDown();
            });
            assertTrue(queued.await(5, TimeUnit.SECONDS));
            for (DatagramSocket receiver : receivers) {
                assertEquals("report for " + receiver.getLocalPort(), receive(receiver));
            }
            settle(port);
            assertEquals(RECEIVERS, port.datagramsSent());
            assertEquals(1, port.sendBatches(), "a task's sends should leave in one flush after the task");
            assertEquals(0, port.sendsRefused());
        } finally {
            receivers.forEach(DatagramSocket::close);
        }
    }

    @Test
    void aSendFromAnotherThreadIsCopiedAndHandedToTheMediaThread() throws Exception {
        List<DatagramSocket> receivers = receivers();
        MediaSocket port = new MediaSocket(true);
        try (port) {
            port.start("127.0.0.1", 0, (buffer, length, from) -> { });
            byte[] handshake = "dtls flight".getBytes(StandardCharsets.US_ASCII);
            DatagramSocket receiver = receivers.get(0);
            port.send(handshake, 0, handshake.length, (InetSocketAddress) receiver.getLocalSocketAddress());
            // The array is the caller's again at once: scribbling on it must not change what is sent.
            handshake[0] = 'X';
            assertEquals("dtls flight", receive(receiver));
        } finally {
            receivers.forEach(DatagramSocket::close);
        }
    }

    /** One datagram in; the sink sends one copy to each receiver, each copy naming its receiver. */
    private static void fanOut(MediaSocket port, long expectedBatches) throws Exception {
        List<DatagramSocket> receivers = receivers();
        try (port; DatagramSocket sender = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress address = port.start("127.0.0.1", 0, (buffer, length, from) -> {
                String packet = new String(buffer, 0, length, StandardCharsets.US_ASCII);
                for (DatagramSocket receiver : receivers) {
                    // Written into the reused receive buffer, as SRTP does: each copy must be taken at the call.
                    byte[] copy = (packet + " for " + receiver.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(copy, 0, buffer, 0, copy.length);
                    port.send(buffer, 0, copy.length, (InetSocketAddress) receiver.getLocalSocketAddress());
                }
            });
            byte[] media = "frame 1".getBytes(StandardCharsets.US_ASCII);
            sender.send(new DatagramPacket(media, media.length, address));
            for (DatagramSocket receiver : receivers) {
                assertEquals("frame 1 for " + receiver.getLocalPort(), receive(receiver));
            }
            settle(port);
            assertEquals(RECEIVERS, port.datagramsSent());
            assertEquals(expectedBatches, port.sendBatches(),
                    "batches for " + RECEIVERS + " copies of one datagram on " + port.transportName());
            assertEquals(0, port.sendsRefused());
        } finally {
            receivers.forEach(DatagramSocket::close);
        }
    }

    /** The counters are written on the media thread after the flush; a task run after it sees them done. */
    private static void settle(MediaSocket port) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        port.execute(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS), "the media thread did not run a task within 5 s");
    }

    private static List<DatagramSocket> receivers() throws Exception {
        List<DatagramSocket> receivers = new ArrayList<>();
        for (int i = 0; i < RECEIVERS; i++) {
            DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            receiver.setSoTimeout(5000);
            receivers.add(receiver);
        }
        return receivers;
    }

    private static String receive(DatagramSocket receiver) throws Exception {
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            receiver.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("receiver on port " + receiver.getLocalPort() + " got nothing within 5 s", e);
        }
        return new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
    }
}
