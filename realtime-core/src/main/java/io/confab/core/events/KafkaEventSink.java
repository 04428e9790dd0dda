package io.confab.core.events;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes to Kafka with the codecs of storage/. Meeting events are keyed by meeting id, so one
 * meeting's events stay in one partition in the order they happened; the producer is idempotent
 * (acks=all, retries without duplicates or reordering), and every event carries a UUID for
 * consumers that must not count a fact twice.
 */
public final class KafkaEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong failures = new AtomicLong();
    /** Kafka unreachable fails every send; one line per 10 s says so without burying the log. */
    private final io.confab.storage.logging.RateLimitedLog failureLog =
            new io.confab.storage.logging.RateLimitedLog(LOG, Duration.ofSeconds(10));

    public KafkaEventSink(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // Sends happen on a meeting's thread: when Kafka is unreachable, give up in 2 s rather
                // than freeze every meeting on that thread for a minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                // Once the topic's metadata is known, an unreachable broker only delays events: the
                // producer keeps them, in order, and retries for 10 minutes (Kafka's default is 2)
                // before one counts as failed.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000,
                ProducerConfig.CLIENT_ID_CONFIG, "realtime-core"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void meetingEvent(MeetingEvent event) {
        send(Topics.MEETING_EVENTS, event.getMeetingId(), Codecs.MEETING_EVENTS.encode(event));
    }

    @Override
    public void audit(AuditEntry entry) {
        String key = entry.getAccountId() == null ? "" : entry.getAccountId();
        send(Topics.AUDIT_LOG, key, Codecs.AUDIT_LOG.encode(entry));
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    failed(topic, key, error);
                }
            });
        } catch (RuntimeException e) {
            failed(topic, key, e);
        }
    }

    private void failed(String topic, String key, Exception error) {
        failures.incrementAndGet();
        failureLog.error("could not publish to " + topic + " (key " + key + ")", error);
    }

    /** Records Kafka refused after all retries. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
