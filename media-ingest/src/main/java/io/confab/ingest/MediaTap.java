package io.confab.ingest;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SFU's tap into Kafka: decrypted RTP to {@code media.packets}, quality samples to
 * {@code media.quality}, both keyed by meeting id so one meeting's packets stay in order on one
 * partition.
 *
 * <pre>
 * media thread --offer()--> bounded queue --publisher thread--> KafkaProducer (bounded buffer) --> Kafka
 *                  | full: drop, count                                | full / timed out: drop, count
 * </pre>
 *
 * {@link #offer} never blocks: forwarding must not wait for a recording. Avro encoding happens on
 * the publisher thread, off the media path. That thread waits at most a second for metadata or
 * buffer space ({@code max.block.ms}); meanwhile the queue fills and the media thread's packets are
 * dropped and counted there.
 */
public final class MediaTap implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaTap.class);
    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread publisher;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong droppedQueueFull = new AtomicLong();
    private final AtomicLong droppedByKafka = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong();
    private volatile boolean closed;

    public MediaTap(IngestConfig config) {
        this.queue = new ArrayBlockingQueue<>(config.queuePackets());
        int deliveryMs = (int) config.deliveryTimeout().toMillis();
        this.producer = new KafkaProducer<>(config.login().addTo(Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "media-ingest"),
                // A lost media packet is a glitch the mixer conceals; waiting for every replica would
                // cost latency on every packet for nothing a recording needs.
                Map.entry(ProducerConfig.ACKS_CONFIG, "1"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 10),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, config.producerBytes()),
                // Only the publisher thread ever waits here; the media thread meets the bounded queue.
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, deliveryMs - 1000)),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(2000, deliveryMs + 10)),
                Map.entry(ProducerConfig.RETRIES_CONFIG, 3))),
                new StringSerializer(), new ByteArraySerializer());
        this.publisher = new Thread(this::publish, "media-ingest");
        publisher.setDaemon(true);
        publisher.start();
    }

    /** Hands one tapped packet over; false (and counted) when the queue is full. Never blocks. */
    public boolean offer(MediaPacket packet) {
        return enqueue(packet);
    }

    /**
     * Hands one packet from the SFU over, on the same terms; it becomes a {@link MediaPacket} on the
     * publisher thread, so the media thread builds no Avro record.
     */
    public boolean offer(TappedPacket packet) {
        return enqueue(packet);
    }

    /** Hands one quality sample over, on the same terms as packets. */
    public boolean offer(MediaQualitySample sample) {
        return enqueue(sample);
    }

    private boolean enqueue(Object record) {
        if (closed) {
            droppedQueueFull.incrementAndGet();
            return false;
        }
        offered.incrementAndGet();
        if (!queue.offer(record)) {
            droppedQueueFull.incrementAndGet();
            warn("the tap queue is full (Kafka is slow or down); dropping media packets");
            return false;
        }
        return true;
    }

    private void publish() {
        while (true) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) {
                return;
            }
            try {
                if (next instanceof TappedPacket tapped) {
                    send(Topics.MEDIA_PACKETS, tapped.track().meetingId(), Codecs.MEDIA_PACKETS.encode(tapped.toMediaPacket()));
                } else if (next instanceof MediaPacket packet) {
                    send(Topics.MEDIA_PACKETS, packet.getMeetingId(), Codecs.MEDIA_PACKETS.encode(packet));
                } else if (next instanceof MediaQualitySample sample) {
                    send(Topics.MEDIA_QUALITY, sample.getMeetingId(), Codecs.MEDIA_QUALITY.encode(sample));
                }
            } catch (RuntimeException e) {
                // No metadata or buffer space within max.block.ms: this record is lost, the next may not be.
                droppedByKafka.incrementAndGet();
                warn("Kafka refused media records (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                published.incrementAndGet();
            } else {
                droppedByKafka.incrementAndGet();
                warn("media records to " + topic + " were not delivered: " + error.getMessage());
            }
        });
    }

    /** At most one warning every 10 s: a Kafka outage should be visible, not flood the log. */
    private void warn(String message) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == 0 || now - last > TimeUnit.SECONDS.toNanos(10)) && lastWarning.compareAndSet(last, now)) {
            LOG.warn("{} (dropped so far: {} queue full, {} by Kafka)", message, droppedQueueFull.get(), droppedByKafka.get());
        }
    }

    public TapCounters counters() {
        return new TapCounters(offered.get(), published.get(), droppedQueueFull.get(), droppedByKafka.get(), queue.size());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        queue.offer(STOP);
        try {
            publisher.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(2));
    }
}
