package io.confab.ingest;

import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka that is not there: the tap must neither block the SFU's forwarding thread nor hold more than
 * its bounds. Blocking is measured in the publisher's progress, not in time: with Kafka down the
 * publisher lets go of one record per max.block (1 s), so a forwarding thread that waited for queue
 * space could not get further ahead of it than the queue's length.
 */
class MediaTapWithoutKafkaTest {

    private static final int QUEUE = 64;
    private static final int PACKETS = 5_000;

    static MediaPacket packet(int sequence) {
        return MediaPacket.newBuilder()
                .setMeetingId("1234567890").setAccountId("acct").setParticipantId("p1").setTrackId("t1")
                .setKind(MediaKind.AUDIO).setCodec("opus").setClockRate(48000).setSsrc(0xCAFEBABEL)
                .setSequenceNumber(sequence & 0xFFFF).setRtpTimestamp(960L * sequence)
                .setArrivalTime(Instant.now()).setMarker(false).setPayloadType(111)
                .setPayload(ByteBuffer.wrap(new byte[80])).build();
    }

    @Test
    void theForwardingThreadGetsFarAheadOfAStuckPublisherAndEveryDropIsCounted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        IngestConfig config = new IngestConfig("127.0.0.1:" + closedPort, io.confab.storage.kafka.KafkaLogin.NONE, QUEUE, 1 << 20, Duration.ofSeconds(2));
        try (MediaTap tap = new MediaTap(config)) {
            // The SFU's forwarding thread: it forwards every packet whatever the tap answers.
            AtomicLong forwarded = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicReference<TapCounters> whenDone = new AtomicReference<>();
            Thread forwarding = new Thread(() -> {
                for (int i = 0; i < PACKETS; i++) {
                    if (!tap.offer(packet(i))) {
                        refused.incrementAndGet();
                    }
                    forwarded.incrementAndGet();
                }
                whenDone.set(tap.counters());
            }, "forwarding");
            forwarding.setDaemon(true);
            forwarding.start();

            // Only a guard against hanging for ever: a blocking offer would need about 5,000 s here.
            TapCounters done = Eventually.within(Duration.ofSeconds(120))
                    .until("the forwarding thread to get through " + PACKETS + " packets (forwarded so far: " + forwarded + ")",
                            whenDone::get, Objects::nonNull);
            long letGo = done.published() + done.droppedByKafka();
            assertTrue(letGo < PACKETS - QUEUE, "the forwarding thread finished " + PACKETS + " packets while the publisher let go of "
                    + letGo + " records; an offer that waited for queue space would have needed " + (PACKETS - QUEUE));
            assertEquals(PACKETS, forwarded.get());

            // Every refusal was immediate and counted, and the queue never held more than its bound.
            assertEquals(PACKETS, done.offered());
            assertEquals(refused.get(), done.droppedQueueFull(), "every refused offer is counted as a queue-full drop");
            assertTrue(refused.get() >= PACKETS - QUEUE - 1 - letGo,
                    "only the queue, the record in the publisher's hands and what it let go of were accepted: refused " + refused);
            assertTrue(done.queued() <= QUEUE, "queue exceeded its bound: " + done.queued());

            // The publisher keeps giving records up one by one, counting each, and publishes nothing.
            TapCounters later = Eventually.within(Duration.ofSeconds(30))
                    .until("the publisher to count a record Kafka refused", tap::counters, c -> c.droppedByKafka() > done.droppedByKafka());
            assertEquals(0, later.published());
            assertEquals(done.droppedQueueFull(), later.droppedQueueFull(), "no offers, no new queue-full drops");
        }
    }
}
