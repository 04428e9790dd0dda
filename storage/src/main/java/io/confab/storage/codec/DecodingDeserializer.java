package io.confab.storage.codec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} that never throws: every value becomes a {@link Decoded}, so the
 * consumer decides what a bad record costs (count it, dead-letter it) instead of the poll loop
 * dying on it. A null value (tombstone) becomes {@link Decoded.Problem#NO_DATA}.
 */
final class DecodingDeserializer<T extends SpecificRecord> implements Deserializer<Decoded<T>> {

    private final EventCodec<T> codec;

    DecodingDeserializer(EventCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public Decoded<T> deserialize(String topic, byte[] data) {
        return codec.decode(data);
    }
}
