package io.confab.jobs.usage;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * The meter's own state and internal topics: these bytes never leave the meter's stores,
 * changelogs and repartition topics, so they are not a data contract of storage/.
 *
 * <p>Written as a version byte ({@link #VERSION}) and then the fields of the type's
 * {@link StateFormat}. Read in that form, and also in the JSON (fields, not getters) that meters
 * before version 1 wrote, recognised by its first byte '{': a meter upgraded in place restores its
 * changelogs and reads its repartition topic without a reset. Every byte a state is written with
 * costs on each event (the meeting fold rewrites its meeting's ledger per event), which is why it
 * is not JSON any more. A state that does not read back is a programming error and throws.
 */
public final class StateSerde {

    /**
     * The binary form's version; JSON starts with '{' (0x7B), which no version will be. 2 (meter36):
     * a meeting ledger ends with the ids of its events ({@code presence.SeenEvents}); 3 (meter37): those
     * ids as UUIDs in two fixed longs with their times as differences, not as text; 4 (stop 47): a
     * meeting ledger writes nothing twice that its joins already say ({@code presence.LedgerFormat}).
     * 1 to 3 are read too.
     */
    public static final int VERSION = 4;

    private static final ObjectMapper LEGACY_JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * Each thread writes its values into one array it keeps, and copies out only the bytes: a
     * meeting's ledger (some KB, written on each of its events) grew a fresh array from 256 bytes
     * by doubling, four copies and as many arrays of garbage per event.
     */
    private static final ThreadLocal<StateWriter> SCRATCH = ThreadLocal.withInitial(() -> new StateWriter(8 * 1024));
    private static final int SCRATCH_LIMIT = 1 << 20;

    private StateSerde() {
    }

    public static <T> Serde<T> of(Class<T> type, StateFormat<T> format) {
        return Serdes.serdeFrom(serializer(format), deserializer(type, format));
    }

    public static <T> Serializer<T> serializer(StateFormat<T> format) {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            StateWriter out = SCRATCH.get().reset();
            out.writeByte(VERSION);
            format.write(value, out);
            byte[] bytes = out.toByteArray();
            if (out.capacity() > SCRATCH_LIMIT) {
                // One huge value must not pin its array to the thread for good.
                SCRATCH.remove();
            }
            return bytes;
        };
    }

    public static <T> Deserializer<T> deserializer(Class<T> type, StateFormat<T> format) {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + ": no bytes");
            }
            if (bytes[0] == '{') {
                try {
                    return LEGACY_JSON.readValue(bytes, type);
                } catch (IOException e) {
                    throw new SerializationException("cannot read " + type.getSimpleName() + " (JSON) from " + topic + ": "
                            + e.getMessage(), e);
                }
            }
            if (bytes[0] < 1 || bytes[0] > VERSION) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + ": state format version "
                        + (bytes[0] & 0xFF) + ", this meter reads 1 to " + VERSION + " and JSON");
            }
            try {
                StateReader in = new StateReader(bytes, 1);
                T value = format.read(in, bytes[0]);
                if (!in.atEnd()) {
                    throw new SerializationException("bytes left over after the fields");
                }
                return value;
            } catch (SerializationException | IllegalArgumentException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
