package io.confab.core.turn.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The loop's one receive buffer: used again by each read once the datagrams of the last one are
 * released, and never while a datagram of it is still held.
 */
class LoopReadBufferTest {

    private static final int SIZE = 4096;
    private final RecvByteBufAllocator.Handle reads = new LoopReadBuffer(SIZE).newHandle();
    private final PooledByteBufAllocator pool = new PooledByteBufAllocator(true);

    @Test
    void aReadWhoseDatagramsWereReleasedLeavesTheBufferToTheNextRead() {
        ByteBuf first = reads.allocate(pool);
        ByteBuf datagram = first.writeInt(7).retainedSlice(0, 4);
        first.release();
        datagram.release();

        ByteBuf second = reads.allocate(pool);
        assertSame(first, second, "the same buffer, read again");
        assertEquals(0, second.writerIndex(), "cleared for the read");
        assertEquals(SIZE, second.writableBytes());
        second.release();
    }

    @Test
    void aDatagramStillHeldIsNotOverwrittenByTheNextRead() {
        ByteBuf first = reads.allocate(pool);
        ByteBuf held = first.writeInt(7).retainedSlice(0, 4);
        first.release();

        ByteBuf second = reads.allocate(pool);
        assertNotSame(first, second, "a fresh buffer while a datagram of the old one is held");
        second.writeInt(9);
        assertEquals(7, held.getInt(0), "the held datagram keeps its bytes");
        assertEquals(1, held.refCnt());
        held.release();
        assertEquals(0, first.refCnt(), "the old buffer went with its last datagram");
        second.release();
        assertSame(second, reads.allocate(pool), "the fresh one is the loop's from now on");
    }
}
