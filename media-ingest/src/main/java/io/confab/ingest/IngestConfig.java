package io.confab.ingest;

import io.confab.storage.kafka.KafkaLogin;

import java.time.Duration;
import java.util.Objects;

/**
 * How the tap publishes: where Kafka is and how much it may hold back. Every bound here is what
 * keeps a slow or absent Kafka from growing the SFU's memory. realtime-core fills it from its
 * reference file ({@code tap-*} keys), which says why each default has its value.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param login            how the producer authenticates to Kafka; {@link KafkaLogin#NONE} for a PLAINTEXT broker
 * @param queuePackets     packets waiting between the media thread and the publisher thread
 * @param producerBytes    the Kafka producer's own buffer (buffer.memory)
 * @param deliveryTimeout  how long one record may wait for Kafka before it counts as dropped
 */
public record IngestConfig(String bootstrapServers, KafkaLogin login, int queuePackets, long producerBytes, Duration deliveryTimeout) {

    public IngestConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(login, "login");
        if (queuePackets < 1 || producerBytes < 1 << 20) {
            throw new IllegalArgumentException("queuePackets >= 1 and producerBytes >= 1 MiB");
        }
    }
}
