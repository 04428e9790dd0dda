package io.confab.jobs.kafka;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A record as read from Kafka, bytes untouched: decoding happens in the keyed operator, where a
 * failure can go to the dead-letter topic with its reason. A Flink POJO (public fields, no-argument
 * constructor) so that it crosses the network between operators without Kryo.
 */
public class KafkaRecord {
    public String topic;
    public int partition;
    public long offset;
    public byte[] key;
    public byte[] value;
    /** The record's Kafka timestamp (when its producer sent it), epoch milliseconds; 0 when not known. */
    public long timestamp;

    public KafkaRecord() {
    }

    public KafkaRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
        this(topic, partition, offset, key, value, 0);
    }

    public KafkaRecord(String topic, int partition, long offset, byte[] key, byte[] value, long timestamp) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
    }

    /** This record, refused by {@code consumer} for {@code reason}, bound for its topic's dead-letter topic under the same key. */
    public OutboundRecord deadLetter(String reason, String consumer) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(reason)
                .setConsumer(consumer)
                .setFailedAt(Instant.now())
                .build();
        return new OutboundRecord(Topics.deadLetterOf(topic), key, Codecs.DEAD_LETTERS.encode(letter));
    }
}
