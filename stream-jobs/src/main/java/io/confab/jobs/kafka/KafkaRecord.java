package io.confab.jobs.kafka;

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

    public KafkaRecord() {
    }

    public KafkaRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
    }
}
