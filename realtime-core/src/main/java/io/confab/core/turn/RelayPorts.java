package io.confab.core.turn;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * The relay port range, handed out round-robin so a port just released is the last to be reused:
 * a late packet from the previous allocation's peer then rarely reaches the next one.
 */
final class RelayPorts {
    private final int min;
    private final int max;
    private final BitSet used = new BitSet();
    private int next;

    RelayPorts(int min, int max) {
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** @param even EVEN-PORT asks for an even port, for RTP/RTCP pairs (RFC 8656 §7.2) */
    OptionalInt take(boolean even) {
        int size = max - min + 1;
        for (int i = 0; i < size; i++) {
            int port = min + (next - min + i) % size;
            if (!used.get(port - min) && (!even || port % 2 == 0)) {
                used.set(port - min);
                next = port == max ? min : port + 1;
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
        for (int i = 0; i < size; i++) {
            int port = min + (next - min + i) % size;
            if (port % 2 == 0 && port < max && !used.get(port - min) && !used.get(port + 1 - min)) {
                used.set(port - min, port + 1 - min + 1);
                next = port + 1 == max ? min : port + 2;
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

    void release(int port) {
        if (port >= min && port <= max) {
            used.clear(port - min);
        }
    }

    int inUse() {
        return used.cardinality();
    }
}
