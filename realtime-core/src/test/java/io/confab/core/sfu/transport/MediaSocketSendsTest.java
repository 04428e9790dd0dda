package io.confab.core.sfu.transport;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media port's sends over real loopback sockets: on epoll a read batch's copies, and a task's
 * sends, leave together in one flush (one {@code sendmmsg}), a big batch's in flushes of a few tens
 * so that the first copies do not wait for the whole batch; on NIO each leaves at once; every copy
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
    void copiesForAReceiverThatAlreadyHasOneInTheFlushAreCountedWithThoseOfTheSameSize() throws Exception {
        List<DatagramSocket> receivers = receivers();
        MediaSocket port = new MediaSocket(true);
        try (port) {
            port.start("127.0.0.1", 0, (buffer, length, from) -> { });
            InetSocketAddress alice = (InetSocketAddress) receivers.get(0).getLocalSocketAddress();
            InetSocketAddress bob = (InetSocketAddress) receivers.get(1).getLocalSocketAddress();
            CountDownLatch queued = new CountDownLatch(1);
            port.execute(() -> {
                byte[] packet = new byte[100];
                port.send(packet, 0, 100, alice);
                port.send(packet, 0, 100, bob);
                // A different object for the same address: equal addresses are one receiver.
                port.send(packet, 0, 100, new InetSocketAddress(alice.getAddress(), alice.getPort()));
                port.send(packet, 0, 80, alice);
                queued.countDown();
            });
            assertTrue(queued.await(5, TimeUnit.SECONDS));
            settle(port);
            assertEquals(4, port.datagramsSent());
            assertEquals(1, port.sendBatches());
            assertEquals(2, port.sameReceiverCopies(), "alice's second and third copies came after her first in the same flush");
            assertEquals(1, port.sameReceiverSameSizeCopies(), "only alice's second copy had her first one's size");
            // A new flush starts with no receivers seen.
            CountDownLatch again = new CountDownLatch(1);
            port.execute(() -> {
                port.send(new byte[100], 0, 100, alice);
                again.countDown();
            });
            assertTrue(again.await(5, TimeUnit.SECONDS));
            settle(port);
            assertEquals(2, port.sameReceiverCopies());
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

    @Test
    void aBacklogIsReadOneRecvmmsgAtATimeAndEachRoundsCopiesLeaveBeforeTheNextRoundIsRead() throws Exception {
        // One copy a datagram stays under SENDS_PER_FLUSH, so only the end of a read round flushes here.
        Backlog backlog = readBacklog(3 * MediaSocket.DATAGRAMS_PER_READ, 1, true, false);
        assertTrue(backlog.rounds.size() >= 3, "a backlog of " + 3 * MediaSocket.DATAGRAMS_PER_READ
                + " datagrams should take at least three read rounds of " + MediaSocket.DATAGRAMS_PER_READ + ", took " + backlog.rounds);
        assertTrue(backlog.rounds.stream().allMatch(n -> n <= MediaSocket.DATAGRAMS_PER_READ),
                "each read round should be one recvmmsg of at most " + MediaSocket.DATAGRAMS_PER_READ + " datagrams: " + backlog.rounds);
        assertTrue(backlog.rounds.stream().anyMatch(n -> n > 1), "the datagrams should have waited in the socket together: " + backlog.rounds);
        for (int i = 0; i < backlog.unsentAtHandOver.size(); i++) {
            if (backlog.roundStarts.contains(i)) {
                assertEquals(0, backlog.unsentAtHandOver.get(i),
                        "every copy of the earlier rounds should have been handed to the kernel when datagram " + i + " began a round");
            }
        }
    }

    /**
     * A round of 16 datagrams to 13 receivers (208 copies) is cut where the rule says: by sends when
     * each receiver's copies grow by a byte a datagram (none can join a GSO run) or when GSO is off
     * (every copy a send); by the copy cap when they make runs (a receiver's copies of the first ten
     * datagrams are of one size, then one byte longer: 26 sends in all, under SENDS_PER_FLUSH).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "lone copies with GSO are cut at SENDS_PER_FLUSH, true, true, 32",
            "every copy without GSO is a send and is cut at SENDS_PER_FLUSH, false, false, 32",
            "copies in runs wait for their sends and are cut at the copy cap, true, false, 96"})
    void aReadRoundsCopiesLeaveInFlushesCutBySendsOrByTheCopyCap(String rule, boolean segmentation, boolean growing, int limit)
            throws Exception {
        assertEquals(limit, growing || !segmentation ? MediaSocket.SENDS_PER_FLUSH : MediaSocket.COPIES_PER_FLUSH, rule);
        Backlog backlog = readBacklog(MediaSocket.DATAGRAMS_PER_READ, RECEIVERS_OF_A_BIG_MEETING, segmentation, growing);
        assertFlushedEvery(backlog, limit);
    }

    @Test
    void aFewReceiversRunsLeaveInOneFlushAtTheEndOfTheirRound() throws Exception {
        // 3 receivers: 48 copies, 6 sends; counted in copies (the old rule) they were cut at 33.
        Backlog backlog = readBacklog(MediaSocket.DATAGRAMS_PER_READ, 3, true, false);
        assertTrue(backlog.rounds.stream().anyMatch(n -> n * 3 > MediaSocket.SENDS_PER_FLUSH),
                "the backlog should have been read in a round of more copies than SENDS_PER_FLUSH: " + backlog.rounds);
        // A read event that found nothing (the socket drained) is a round of none, with nothing to flush.
        assertEquals(backlog.rounds.stream().filter(n -> n > 0).map(n -> n * 3).toList(), backlog.flushSizes,
                () -> "one flush per read round, at its end, carrying all its copies; rounds " + backlog.rounds);
    }

    /** No copy waited behind {@code limit} or more unsent, and the largest flush carried {@code limit} copies or a fan-out more. */
    private static void assertFlushedEvery(Backlog backlog, int limit) {
        assertTrue(backlog.rounds.stream().anyMatch(n -> n * RECEIVERS_OF_A_BIG_MEETING > limit + RECEIVERS_OF_A_BIG_MEETING),
                "the backlog should have been read in a round big enough to need a flush inside it: " + backlog.rounds);
        int mostUnsent = backlog.unsentAtHandOver.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(mostUnsent < limit, "copies should wait unsent behind fewer than " + limit
                + " others when the next datagram is handed over; the most were " + mostUnsent + " (" + backlog.unsentAtHandOver + ")");
        int largest = backlog.flushSizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(largest >= limit && largest < limit + RECEIVERS_OF_A_BIG_MEETING,
                "a full flush should carry " + limit + " copies or a packet's fan-out more, never split a packet's"
                        + " copies: flushes " + backlog.flushSizes);
    }

    private static final int RECEIVERS_OF_A_BIG_MEETING = 13;

    /** What a sink saw of a backlog read by the port: its read rounds, its flushes, and what waited unsent at each datagram. */
    private record Backlog(List<Integer> rounds, Set<Integer> roundStarts, List<Integer> unsentAtHandOver, List<Integer> flushSizes) {
    }

    /**
     * {@code datagrams} wait in the port's socket while its media thread is held, then are read; the sink
     * sends {@code copies} copies of each (each naming the datagram and its receiver) and notes, at each
     * datagram, how many earlier copies the port had not yet handed to the kernel. Every copy must arrive,
     * in order.
     */
    private static Backlog readBacklog(int datagrams, int copies, boolean segmentation, boolean growing) throws Exception {
        List<DatagramSocket> receivers = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            receiver.setSoTimeout(5000);
            receiver.setReceiveBufferSize(1 << 20);
            receivers.add(receiver);
        }
        MediaSocket port = new MediaSocket(true, segmentation);
        List<Integer> rounds = new ArrayList<>();
        Set<Integer> roundStarts = new HashSet<>();
        List<Integer> unsent = new ArrayList<>();
        List<Integer> flushSizes = new ArrayList<>();
        try (port; DatagramSocket sender = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress address = port.start("127.0.0.1", 0, new DatagramSink() {
                int queued;
                int inRound;
                long sentAtLastFlush;

                @Override
                public void onDatagram(byte[] buffer, int length, InetSocketAddress from) {
                    if (inRound == 0) {
                        roundStarts.add(unsent.size());
                    }
                    inRound++;
                    unsent.add((int) (queued - port.datagramsSent()));
                    String packet = new String(buffer, 0, length, StandardCharsets.US_ASCII);
                    for (DatagramSocket receiver : receivers) {
                        byte[] copy = copy(packet, receiver, growing).getBytes(StandardCharsets.US_ASCII);
                        port.send(copy, 0, copy.length, (InetSocketAddress) receiver.getLocalSocketAddress());
                        queued++;
                    }
                }

                @Override
                public void onBatchEnd() {
                    rounds.add(inRound);
                    inRound = 0;
                }

                @Override
                public void onFlushed() {
                    // Every copy queued since the last flush left in this one.
                    flushSizes.add((int) (queued - sentAtLastFlush));
                    sentAtLastFlush = queued;
                }
            });
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            port.execute(() -> {
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(held.await(5, TimeUnit.SECONDS), "the media thread did not take the holding task within 5 s");
            for (int i = 0; i < datagrams; i++) {
                byte[] media = ("frame " + i).getBytes(StandardCharsets.US_ASCII);
                sender.send(new DatagramPacket(media, media.length, address));
            }
            release.countDown();
            for (DatagramSocket receiver : receivers) {
                for (int i = 0; i < datagrams; i++) {
                    assertEquals(copy("frame " + i, receiver, growing), receive(receiver));
                }
            }
            settle(port);
            assertEquals((long) datagrams * copies, port.datagramsSent());
            assertEquals(0, port.sendsRefused());
            return new Backlog(List.copyOf(rounds), Set.copyOf(roundStarts), List.copyOf(unsent), List.copyOf(flushSizes));
        } finally {
            receivers.forEach(DatagramSocket::close);
        }
    }

    /**
     * The copy of {@code packet} ("frame N") for {@code receiver}; {@code growing}: padded with N
     * bytes, so a receiver's copies grow and none joins a GSO run.
     */
    private static String copy(String packet, DatagramSocket receiver, boolean growing) {
        String copy = packet + " for " + receiver.getLocalPort();
        return growing ? copy + "#".repeat(Integer.parseInt(packet.substring("frame ".length()))) : copy;
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
