package io.confab.storage.codec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka {@link Serializer} over an {@link EventCodec}. Obtain through {@link EventCodec#serializer()}. */
final class EventSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final EventCodec<T> codec;

    EventSerializer(EventCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, T event) {
        return event == null ? null : codec.encode(event);
    }
}
