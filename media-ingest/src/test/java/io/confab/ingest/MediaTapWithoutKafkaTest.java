package io.confab.ingest;

import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka that is not there: the tap must neither block its caller nor hold more than its bounds. */
class MediaTapWithoutKafkaTest {

    static MediaPacket packet(int sequence) {
        return MediaPacket.newBuilder()
                .setMeetingId("1234567890").setAccountId("acct").setParticipantId("p1").setTrackId("t1")
                .setKind(MediaKind.AUDIO).setCodec("opus").setClockRate(48000).setSsrc(0xCAFEBABEL)
                .setSequenceNumber(sequence & 0xFFFF).setRtpTimestamp(960L * sequence)
                .setArrivalTime(Instant.now()).setMarker(false).setPayloadType(111)
                .setPayload(ByteBuffer.wrap(new byte[80])).build();
    }

    @Test
    void anUnreachableKafkaMakesTheTapDropAndCountWithoutBlocking() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        IngestConfig config = new IngestConfig("127.0.0.1:" + closedPort, 64, 1 << 20, Duration.ofSeconds(2));
        try (MediaTap tap = new MediaTap(config)) {
            // With Kafka unreachable the publisher takes one record per max.block (1 s): an offer that
            // waited for queue space would need about 5,000 s for this loop. The preemptive timeout
            // catches that hang with a margin of two orders of magnitude; it measures nothing finer.
            int refused = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                int no = 0;
                for (int i = 0; i < 5_000; i++) {
                    if (!tap.offer(packet(i))) {
                        no++;
                    }
                }
                return no;
            }, "offer() waited for Kafka");
            TapCounters counters = tap.counters();
            assertEquals(refused, counters.droppedQueueFull(), "every refused offer is counted as a queue-full drop");
            assertTrue(refused >= 5_000 - 64 - 60, "the queue's bound refused the overflow at once: only " + refused);
            assertEquals(5_000, counters.offered());
            assertTrue(counters.queued() <= 64, "queue exceeded its bound: " + counters.queued());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tap.counters().dropped() < 5_000 - 64 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(tap.counters().dropped() >= 5_000 - 64, "drops not counted: " + tap.counters());
            assertEquals(0, tap.counters().published());
        }
    }
}
