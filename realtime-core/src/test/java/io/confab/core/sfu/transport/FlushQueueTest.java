package io.confab.core.sfu.transport;

import io.confab.core.udp.BurstWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The flush queue alone, on an {@link EmbeddedChannel} (no socket): what it hands the writer, in
 * which order, and from which buffers.
 */
class FlushQueueTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 5001);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 5002);

    @Test
    void aFlushsRunsAreGatheredIntoTheKeptBufferAndNothingIsTakenFromThePoolOnceBuilt() {
        CountingAllocator allocator = new CountingAllocator();
        FlushQueue queue = new FlushQueue(allocator);
        int built = allocator.directBuffers.get();
        EmbeddedChannel channel = new EmbeddedChannel();
        // The writer takes a run's buffer from its channel's allocator when it must: counted too.
        channel.config().setAllocator(allocator);
        BurstWriter writer = new BurstWriter(channel, true, new LongAdder(), refused -> { });
        try {
            for (int flush = 0; flush < 3; flush++) {
                // As fan-outs queue them: each packet to Alice, then to Bob.
                int[] sizes = {1200, 1200, 160, 1200, 900};
                for (int i = 0; i < sizes.length; i++) {
                    queue.add(filled(sizes[i], 10 * flush + i), 0, sizes[i], ALICE);
                    queue.add(filled(sizes[i], 10 * flush + i + 100), 0, sizes[i], BOB);
                }
                assertEquals(4, queue.sends(), "the queue counts the four runs the writer will send");
                queue.writeTo(writer);
                writer.flush();

                for (InetSocketAddress receiver : List.of(ALICE, BOB)) {
                    int seed = 10 * flush + (receiver == BOB ? 100 : 0);
                    // 1200 1200 160 is a run (a shorter last copy ends it), 1200 900 another.
                    assertRun(channel.readOutbound(), receiver, 1200, filled(1200, seed), filled(1200, seed + 1), filled(160, seed + 2));
                    assertRun(channel.readOutbound(), receiver, 1200, filled(1200, seed + 3), filled(900, seed + 4));
                }
                assertNull(channel.readOutbound(), "four runs and nothing else");
                // As the socket's flush does once the kernel took everything.
                queue.clear();
            }
            assertEquals(built, allocator.directBuffers.get(), "no buffer taken from the queue's or the channel's allocator after the queue was built");
        } finally {
            queue.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aLoneCopyLeavesAsADatagramOfItsOwnAfterItsReceiversRun() {
        FlushQueue queue = new FlushQueue(new CountingAllocator());
        EmbeddedChannel channel = new EmbeddedChannel();
        BurstWriter writer = new BurstWriter(channel, true, new LongAdder(), refused -> { });
        try {
            queue.add(filled(1000, 1), 0, 1000, ALICE);
            queue.add(filled(1000, 2), 0, 1000, ALICE);
            queue.add(filled(1100, 3), 0, 1100, ALICE);
            assertEquals(2, queue.sends(), "a run and a lone copy");
            queue.writeTo(writer);
            writer.flush();

            assertRun(channel.readOutbound(), ALICE, 1000, filled(1000, 1), filled(1000, 2));
            DatagramPacket lone = channel.readOutbound();
            assertEquals(ALICE, lone.recipient());
            assertArrayEquals(filled(1100, 3), bytes(lone.content()), "the longer copy, alone, after the run");
            lone.release();
            assertNull(channel.readOutbound());
        } finally {
            queue.clear();
            queue.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void theSendsCountedAsCopiesAreAddedAreTheWritesTheWriterMakes() {
        FlushQueue queue = new FlushQueue(new CountingAllocator());
        EmbeddedChannel channel = new EmbeddedChannel();
        BurstWriter writer = new BurstWriter(channel, true, new LongAdder(), refused -> { });
        try {
            // Alice: 17 of 1,000 (a run ends at 16), 1,500 (too big for GSO, alone), 800 800 (a run).
            // Bob: 500, 600 (longer: a send of its own), 600 600 400 joining it, 400 (after a shorter one: its own).
            int[] alice = new int[20];
            Arrays.fill(alice, 0, 17, 1000);
            alice[17] = 1500;
            alice[18] = 800;
            alice[19] = 800;
            int[] bob = {500, 600, 600, 600, 400, 400};
            for (int i = 0; i < alice.length; i++) {
                queue.add(filled(alice[i], i), 0, alice[i], ALICE);
                if (i < bob.length) {
                    queue.add(filled(bob[i], i), 0, bob[i], BOB);
                }
            }
            assertEquals(4 + 3, queue.sends(), "Alice's 16, 1, 1500, 800 800; Bob's 500, 600 600 600 400, 400");
            queue.writeTo(writer);
            writer.flush();
            int writes = 0;
            Object message;
            while ((message = channel.readOutbound()) != null) {
                writes++;
                ReferenceCountUtil.release(message);
            }
            assertEquals(queue.sends(), writes, "one write to the channel per counted send");
        } finally {
            queue.clear();
            queue.release();
            channel.finishAndReleaseAll();
        }
    }

    private static void assertRun(Object message, InetSocketAddress to, int segmentSize, byte[]... datagrams) {
        SegmentedDatagramPacket run = assertInstanceOf(SegmentedDatagramPacket.class, message, "a GSO send");
        try {
            assertEquals(to, run.recipient());
            assertEquals(segmentSize, run.segmentSize());
            ByteBuf expected = Unpooled.buffer();
            for (byte[] datagram : datagrams) {
                expected.writeBytes(datagram);
            }
            assertArrayEquals(bytes(expected), bytes(run.content()), "the run's datagrams end to end, in the order queued");
        } finally {
            run.release();
        }
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        return bytes;
    }

    private static byte[] filled(int size, int seed) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) seed);
        return bytes;
    }

    /** Unpooled buffers, the direct ones counted. */
    private static final class CountingAllocator extends AbstractByteBufAllocator {
        final AtomicInteger directBuffers = new AtomicInteger();

        CountingAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return Unpooled.buffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            directBuffers.incrementAndGet();
            return Unpooled.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
