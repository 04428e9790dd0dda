package io.confab.core.sfu.transport;

import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaSocketFailureTest {

    @Test
    void aHandlerThatThrowsIsCountedAndTheMediaThreadKeepsReading() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        MediaSocket port = new MediaSocket();
        try (port; DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress address = port.start("127.0.0.1", 0, (buffer, length, from) -> {
                seen.incrementAndGet();
                third.countDown();
                if (buffer[0] == 'x') {
                    throw new IllegalStateException("a bug in the packet path");
                }
            });
            for (String payload : new String[]{"x1", "x2", "ok"}) {
                client.send(new DatagramPacket(payload.getBytes(), payload.length(), address));
            }

            assertTrue(third.await(10, TimeUnit.SECONDS), "the media thread stopped reading after a failure: saw " + seen.get());
            // The count is taken on the same thread right after the handler, so it is there by the time a task runs after it.
            CountDownLatch drained = new CountDownLatch(1);
            port.execute(drained::countDown);
            assertTrue(drained.await(5, TimeUnit.SECONDS));
            assertEquals(2, port.failures(), "each throwing datagram is counted once");
            assertEquals(0, port.unreachablePeers());
        }
    }

    @Test
    void aFailureReportedFromATimerOrCommandIsCounted() {
        MediaSocket port = new MediaSocket();
        port.failed("media timer of meeting 123", new RuntimeException("boom"));
        port.failed("media timer of meeting 123", new RuntimeException("boom"));
        assertEquals(2, port.failures());
        port.close();
    }
}
