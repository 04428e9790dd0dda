package io.confab.jobs.kafka;

/** A record for Kafka: topic, key and value bytes. A Flink POJO. */
public class OutboundRecord {
    public String topic;
    public byte[] key;
    public byte[] value;

    public OutboundRecord() {
    }

    public OutboundRecord(String topic, byte[] key, byte[] value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
    }
}
