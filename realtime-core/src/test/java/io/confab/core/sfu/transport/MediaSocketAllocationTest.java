package io.confab.core.sfu.transport;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the media thread allocates per forwarded copy on the real batched send path: a {@link MediaSocket}
 * on epoll reads datagrams from a loopback sender, its sink writes each one's copy for each of 13 loopback
 * receivers into the reused receive array (as SRTP protects in place) and sends it, the socket queues and
 * flushes through {@code sendmmsg}. Bytes are the media thread's own, from
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}, over a window after a warm-up.
 */
class MediaSocketAllocationTest {

    /** Receivers of each datagram: the bench's 14-bot meeting. */
    private static final int RECEIVERS = 13;
    /** A read round's worth, as a publisher's frame arrives. */
    private static final int DATAGRAMS_PER_BURST = 16;
    private static final int WARM_UP_BURSTS = 2_000;
    private static final int MEASURED_BURSTS = 1_000;
    /**
     * The most a warm forwarding path may allocate per copy. What must be allocated: Netty's epoll
     * channel sends through {@code sendmmsg} only what arrives as a {@code DatagramPacket} (or a
     * {@code SegmentedDatagramPacket} for a GSO run), an envelope of 24 bytes (a 12-byte header and
     * three compressed references) per message; its read side allocates per datagram read (its
     * envelope, the sender's {@code InetSocketAddress} and {@code Inet4Address} with their holders,
     * about 110 bytes), which the 13 copies share, about 9 bytes each. So about 33 bytes a copy, which
     * is what this path measures (34-35 on 2026-12-05; 41 with a pooled buffer per copy). 64 leaves
     * room for the address array Netty's {@code sendmmsg} path copies out of
     * {@code InetAddress.getAddress()} should the JIT not remove it on some run, and still fails at
     * once if a copy allocates a promise, a buffer or a listener of its own.
     */
    private static final long MAX_BYTES_PER_COPY = 64;

    @Test
    void aWarmForwardingPathAllocatesOnlyNettysEnvelopesPerCopy(TestReporter reporter) throws Exception {
        assertTrue(Epoll.isAvailable(), "Netty's native epoll should load on linux-x86_64: " + Epoll.unavailabilityCause());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM measures allocation per thread");
        threads.setThreadAllocatedMemoryEnabled(true);

        List<DatagramChannel> receivers = new ArrayList<>();
        InetSocketAddress[] addresses = new InetSocketAddress[RECEIVERS];
        for (int i = 0; i < RECEIVERS; i++) {
            DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            receivers.add(receiver);
            // One address object per receiver, as a transport keeps its selected address.
            addresses[i] = (InetSocketAddress) receiver.getLocalAddress();
        }
        AtomicLong handled = new AtomicLong();
        MediaSocket port = new MediaSocket(true);
        try (port; DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress address = port.start("127.0.0.1", 0, (buffer, length, from) -> {
                for (int i = 0; i < RECEIVERS; i++) {
                    buffer[0] = (byte) i;
                    port.send(buffer, 0, length, addresses[i]);
                }
                handled.lazySet(handled.get() + 1);
            });
            sender.connect(address);
            long mediaThread = onMediaThread(port);

            forward(sender, handled, WARM_UP_BURSTS);
            settle(port);
            long sentBefore = port.datagramsSent();
            long allocatedBefore = threads.getThreadAllocatedBytes(mediaThread);
            forward(sender, handled, MEASURED_BURSTS);
            settle(port);
            long allocated = threads.getThreadAllocatedBytes(mediaThread) - allocatedBefore;
            long copies = port.datagramsSent() - sentBefore;

            assertEquals((long) MEASURED_BURSTS * DATAGRAMS_PER_BURST * RECEIVERS, copies, "every copy of the window handed to the kernel");
            assertEquals(0, port.sendsRefused(), "the kernel took every copy");
            double perCopy = (double) allocated / copies;
            reporter.publishEntry("bytesAllocatedPerCopy", String.format("%.1f", perCopy));
            reporter.publishEntry("copiesPerSendmmsg", String.format("%.1f", (double) port.datagramsSent() / port.sendBatches()));
            assertTrue(perCopy < MAX_BYTES_PER_COPY, String.format("the media thread allocated %d bytes for %d copies, %.1f a copy;"
                    + " at most %d a copy expected once warm", allocated, copies, perCopy, MAX_BYTES_PER_COPY));
        } finally {
            for (DatagramChannel receiver : receivers) {
                receiver.close();
            }
        }
    }

    /**
     * Sends {@code bursts} bursts of {@link #DATAGRAMS_PER_BURST} datagrams (video-sized, every fourth
     * audio-sized, as a publisher's frame and its audio interleave), each burst once the media thread has
     * handled the one before, so the socket never overflows and every datagram is forwarded.
     */
    private static void forward(DatagramChannel sender, AtomicLong handled, int bursts) throws Exception {
        ByteBuffer video = ByteBuffer.allocateDirect(1_180);
        ByteBuffer audio = ByteBuffer.allocateDirect(150);
        long expected = handled.get();
        for (int burst = 0; burst < bursts; burst++) {
            for (int i = 0; i < DATAGRAMS_PER_BURST; i++) {
                ByteBuffer datagram = i % 4 == 3 ? audio : video;
                datagram.clear();
                sender.write(datagram);
            }
            expected += DATAGRAMS_PER_BURST;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handled.get() < expected) {
                assertTrue(System.nanoTime() < deadline, "the media thread handled " + handled.get() + " of " + expected + " datagrams within 10 s");
                Thread.onSpinWait();
            }
        }
    }

    private static long onMediaThread(MediaSocket port) throws InterruptedException {
        AtomicLong id = new AtomicLong(-1);
        CountDownLatch done = new CountDownLatch(1);
        port.execute(() -> {
            id.set(Thread.currentThread().getId());
            done.countDown();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS), "the media thread did not run a task within 5 s");
        return id.get();
    }

    /** The flush and its counters run on the media thread; a task run after them sees them done. */
    private static void settle(MediaSocket port) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        port.execute(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS), "the media thread did not run a task within 5 s");
    }
}
