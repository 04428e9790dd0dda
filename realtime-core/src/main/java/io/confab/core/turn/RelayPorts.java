package io.confab.core.turn;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The relay port range, handed out round-robin so a port just released is the last to be reused:
 * a late packet from the previous allocation's peer then rarely reaches the next one.
 *
 * <p>Every event loop's {@link TurnServer} draws from one pool, without a lock: one bit per port
 * number, set by compare-and-set, so two loops never take the same port. The cursor is only a
 * hint of where to look next; a race on it costs a longer scan, never a port taken twice.
 */
final class RelayPorts {
    /** Bit {@code p} is port {@code p}: an even port and its odd neighbour share a word, so a pair is one CAS. */
    private final AtomicLongArray used = new AtomicLongArray(65536 / 64);
    private final int min;
    private final int max;
    private final AtomicInteger next;

    RelayPorts(int min, int max) {
        this.min = min;
        this.max = max;
        this.next = new AtomicInteger(min);
    }

    /** @param even EVEN-PORT asks for an even port, for RTP/RTCP pairs (RFC 8656 §7.2) */
    OptionalInt take(boolean even) {
        int size = max - min + 1;
        int start = next.get();
        for (int i = 0; i < size; i++) {
            int port = min + (start - min + i) % size;
            if ((!even || port % 2 == 0) && claim(port, 1L << (port & 63))) {
                next.set(port == max ? min : port + 1);
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * An even port whose next-higher neighbour is free too, both taken: the RTP and RTCP pair that
     * EVEN-PORT with the R bit asks for (RFC 8656 §7.2, §14.6). Returns the even one.
     */
    OptionalInt takePair() {
        int size = max - min + 1;
        int start = next.get();
        for (int i = 0; i < size; i++) {
            int port = min + (start - min + i) % size;
            if (port % 2 == 0 && port < max && claim(port, 3L << (port & 63))) {
                next.set(port + 1 == max ? min : port + 2);
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

    void release(int port) {
        if (port >= min && port <= max) {
            long bit = 1L << (port & 63);
            used.getAndUpdate(port >>> 6, bits -> bits & ~bit);
        }
    }

    int inUse() {
        int count = 0;
        for (int word = min >>> 6; word <= max >>> 6; word++) {
            count += Long.bitCount(used.get(word));
        }
        return count;
    }

    /** Sets every bit of {@code mask} in the port's word if none is set yet. */
    private boolean claim(int port, long mask) {
        int word = port >>> 6;
        while (true) {
            long bits = used.get(word);
            if ((bits & mask) != 0) {
                return false;
            }
            if (used.compareAndSet(word, bits, bits | mask)) {
                return true;
            }
        }
    }
}
