package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapter Bouncy Castle reads and writes through, driven directly the way BC drives it. */
class QueuedDatagramTransportTest {
    private final DtlsCounters counters = new DtlsCounters();
    private final List<byte[]> sent = new ArrayList<>();
    private final QueuedDatagramTransport transport = new QueuedDatagramTransport(sent::add, counters);

    @Test
    void givesQueuedDatagramsInOrderAndMinusOneWhenNothingArrivesInTime() throws Exception {
        assertTrue(transport.offer(new byte[] {22, 1}));
        assertTrue(transport.offer(new byte[] {22, 2, 3}));
        byte[] buffer = new byte[10];
        assertEquals(2, transport.receive(buffer, 1, 9, 5));
        assertArrayEquals(new byte[] {0, 22, 1}, java.util.Arrays.copyOf(buffer, 3));
        assertEquals(3, transport.receive(buffer, 0, 10, 5));
        assertEquals(-1, transport.receive(buffer, 0, 10, 5));
    }

    @Test
    void dropsADatagramTooBigForTheBufferRatherThanTruncateIt() throws Exception {
        transport.offer(new byte[20]);
        transport.offer(new byte[] {23});
        assertEquals(1, transport.receive(new byte[10], 0, 10, 50));
        assertEquals(1, counters.datagramsDropped.get());
    }

    @Test
    void refusesDatagramsBeyondItsCapacity() {
        for (int i = 0; i < QueuedDatagramTransport.QUEUE_CAPACITY; i++) {
            assertTrue(transport.offer(new byte[] {22}));
        }
        assertFalse(transport.offer(new byte[] {22}), "the queue is bounded");
    }

    @Test
    @Timeout(10)
    void closingWakesAWaitingReceiveWhichThenThrows() throws Exception {
        transport.offer(new byte[] {22});
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            byte[] buffer = new byte[100];
            try {
                transport.receive(buffer, 0, 100, 0);
                transport.receive(buffer, 0, 100, 0);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        transport.close();
        Throwable thrown = reader.get(5, TimeUnit.SECONDS);
        assertTrue(thrown instanceof QueuedDatagramTransport.TransportClosedException, "got " + thrown);
        assertFalse(transport.offer(new byte[] {22}), "nothing is queued after close");
        assertThrows(QueuedDatagramTransport.TransportClosedException.class,
                () -> transport.receive(new byte[10], 0, 10, 0));
    }

    @Test
    void discardedDatagramsAtCloseAreCountedAsDropped() {
        transport.offer(new byte[] {22});
        transport.offer(new byte[] {22});
        transport.close();
        transport.close();
        assertEquals(2, counters.datagramsDropped.get());
    }

    @Test
    void sendsExactlyTheRangeAndCountsAThrowingSenderAsLoss() {
        transport.send(new byte[] {9, 22, 23, 24, 9}, 1, 3);
        assertArrayEquals(new byte[] {22, 23, 24}, sent.get(0));
        QueuedDatagramTransport failing = new QueuedDatagramTransport(d -> {
            throw new IllegalStateException("socket closed");
        }, counters);
        failing.send(new byte[] {22}, 0, 1);
        assertEquals(1, counters.sendFailures.get());
        transport.close();
        transport.send(new byte[] {21, 1}, 0, 2);
        assertEquals(1, sent.size(), "nothing is sent after close");
        assertEquals(1, counters.datagramsSent.get());
    }

    @Test
    void limitsAreWebRtcsMtuOutAndAFullRecordIn() {
        assertEquals(1200, transport.getSendLimit());
        assertTrue(transport.getReceiveLimit() >= (1 << 14) + 13);
    }
}
