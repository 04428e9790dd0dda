package io.confab.core.turn.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The receive buffer of every UDP socket on one event loop, used again read after read: the
 * {@code recvmmsg} buffer has room for {@link NettyTransport#DATAGRAMS_PER_READ} datagrams of the
 * largest size (1 MiB), which is too large for the pool's per-thread cache, so taking a fresh one
 * for each read went to the shared pool (under its lock) once per relayed datagram. A loop reads
 * one socket at a time, and its handlers copy what they keep and release each datagram before the
 * next read, so one buffer per loop serves all its sockets. Should anything still hold a slice of
 * it when the next read comes, that read takes a fresh buffer from the pool and the old one goes
 * when its last slice does, so a held datagram is never overwritten.
 */
final class LoopReadBuffer extends DefaultMaxMessagesRecvByteBufAllocator {

    private static final FastThreadLocal<ByteBuf[]> OWN = new FastThreadLocal<>() {
        @Override
        protected ByteBuf[] initialValue() {
            return new ByteBuf[1];
        }

        @Override
        protected void onRemoval(ByteBuf[] held) {
            if (held[0] != null) {
                held[0].release();
                held[0] = null;
            }
        }
    };

    private final int size;

    LoopReadBuffer(int size) {
        this.size = size;
    }

    @Override
    public Handle newHandle() {
        return new MaxMessageHandle() {
            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                ByteBuf[] held = OWN.get();
                ByteBuf buffer = held[0];
                if (buffer == null || buffer.refCnt() != 1) {
                    if (buffer != null) {
                        // A slice of it is still held: leave it to that holder and take a new one.
                        buffer.release();
                    }
                    buffer = alloc.directBuffer(size, size);
                    held[0] = buffer;
                }
                // One reference for the read, which releases it; the loop keeps its own.
                return buffer.retain().clear();
            }

            @Override
            public int guess() {
                return size;
            }
        };
    }
}
