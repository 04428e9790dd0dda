package io.confab.core.signaling.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames a connection's event loop has accepted but its room's executor has not handled yet.
 * A room executor's task queue is unbounded: when the rooms fall behind (a chat storm on a busy
 * machine), every accepted frame waits there holding its text, and the heap fills until the JVM
 * dies with every meeting on it. The backlog is bounded twice, per room (one loud meeting cannot
 * take the node's share) and per node (many rooms together cannot take the heap); a frame over
 * either bound is refused with {@code BUSY}, so the sender learns it was not delivered.
 */
final class InboundBacklog {

    /** Bytes one frame holds while it waits: its chars plus the task, request and lambda around it. */
    static long weigh(String text) {
        return 2L * text.length() + 256;
    }

    private final long roomLimit;
    private final long nodeLimit;
    private final AtomicLong node = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    InboundBacklog(long roomLimit, long nodeLimit) {
        if (roomLimit <= 0 || nodeLimit < roomLimit) {
            throw new IllegalArgumentException("backlog limits must be positive with the node's at least the room's: room "
                    + roomLimit + ", node " + nodeLimit);
        }
        this.roomLimit = roomLimit;
        this.nodeLimit = nodeLimit;
    }

    /** Takes room for {@code bytes} in {@code room}'s share, or refuses (and counts) without taking any. */
    boolean admit(AtomicLong room, long bytes) {
        if (room.addAndGet(bytes) > roomLimit) {
            room.addAndGet(-bytes);
            refused.incrementAndGet();
            return false;
        }
        if (node.addAndGet(bytes) > nodeLimit) {
            node.addAndGet(-bytes);
            room.addAndGet(-bytes);
            refused.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back what {@link #admit} took, once the room has handled the frame. */
    void handled(AtomicLong room, long bytes) {
        room.addAndGet(-bytes);
        node.addAndGet(-bytes);
    }

    long waitingBytes() {
        return node.get();
    }

    long refused() {
        return refused.get();
    }
}
