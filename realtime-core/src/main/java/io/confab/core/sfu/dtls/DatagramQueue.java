package io.confab.core.sfu.dtls;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between the network thread, which must never block, and the handshake thread,
 * which blocks as long as Bouncy Castle asks. Bounded so a flood cannot grow memory; closing it
 * wakes the waiting reader at once, which a plain BlockingQueue cannot do without a sentinel that
 * may not fit. Thread-safe.
 */
final class DatagramQueue {
    private final int capacity;
    private final ArrayDeque<byte[]> datagrams;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrivedOrClosed = lock.newCondition();
    private boolean closed;

    DatagramQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.capacity = capacity;
        this.datagrams = new ArrayDeque<>(capacity);
    }

    /** Never blocks beyond the lock; false when full or closed, and the caller counts the drop. */
    boolean offer(byte[] datagram) {
        lock.lock();
        try {
            if (closed || datagrams.size() >= capacity) {
                return false;
            }
            datagrams.addLast(datagram);
            arrivedOrClosed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest datagram, waiting up to waitMillis for one; zero waits without limit, as a
     * socket's SO_TIMEOUT of zero does. Null on timeout or once closed.
     */
    byte[] poll(long waitMillis) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(waitMillis);
        lock.lockInterruptibly();
        try {
            while (!closed && datagrams.isEmpty()) {
                if (waitMillis == 0) {
                    arrivedOrClosed.await();
                } else {
                    if (remaining <= 0) {
                        return null;
                    }
                    remaining = arrivedOrClosed.awaitNanos(remaining);
                }
            }
            return closed ? null : datagrams.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further datagrams, wakes the reader, and says how many queued ones were discarded. */
    int close() {
        lock.lock();
        try {
            closed = true;
            int discarded = datagrams.size();
            datagrams.clear();
            arrivedOrClosed.signalAll();
            return discarded;
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return datagrams.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
