package io.confab.storage.codec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Strict Kafka {@link Deserializer} over an {@link EventCodec}: a null value (tombstone) is null,
 * anything undecodable is a {@link SerializationException} whose message names the topic, the
 * problem and the detail. For consumers that must not stop on one bad record, use
 * {@link DecodingDeserializer}.
 */
final class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final EventCodec<T> codec;

    EventDeserializer(EventCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        Decoded<T> decoded = codec.decode(data);
        if (decoded instanceof Decoded.Ok<T> ok) {
            return ok.value();
        }
        Decoded.Failed<T> failed = (Decoded.Failed<T>) decoded;
        throw new SerializationException("cannot decode a record of topic " + (topic == null ? failed.topic() : topic)
                + " as " + codec.type().getSimpleName() + ": " + failed.problem() + ": " + failed.detail());
    }
}
