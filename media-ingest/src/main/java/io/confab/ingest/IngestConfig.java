package io.confab.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * How the tap publishes: where Kafka is and how much it may hold back. Every bound here is what
 * keeps a slow or absent Kafka from growing the SFU's memory.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param queuePackets     packets waiting between the media thread and the publisher thread
 * @param producerBytes    the Kafka producer's own buffer (buffer.memory)
 * @param deliveryTimeout  how long one record may wait for Kafka before it counts as dropped
 */
public record IngestConfig(String bootstrapServers, int queuePackets, long producerBytes, Duration deliveryTimeout) {

    public IngestConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (queuePackets < 1 || producerBytes < 1 << 20) {
            throw new IllegalArgumentException("queuePackets >= 1 and producerBytes >= 1 MiB");
        }
    }

    /**
     * About 4 s of a 3-party meeting's media in the queue and 16 MiB in the producer: enough to ride
     * out a leader election, small next to the SFU's heap.
     */
    public static IngestConfig defaults(String bootstrapServers) {
        return new IngestConfig(bootstrapServers, 4096, 16L << 20, Duration.ofSeconds(10));
    }
}
