package io.confab.storage.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Turns one topic's events into bytes and back, in the Avro single-object encoding: the marker
 * {@code C3 01}, the writer schema's 8-byte CRC-64-AVRO fingerprint (little-endian), then the Avro
 * binary body (Avro specification, "Single object encoding"). The fingerprint in every record lets a
 * consumer read bytes written with any archived schema version into the current generated class,
 * without a schema registry (none is served here, and one more server is one more thing to run).
 *
 * <p>Thread-safe: one instance per topic is shared by every producer and consumer in a process
 * (see {@link Codecs}).
 */
public final class EventCodec<T extends SpecificRecord> {

    static final byte MARKER_0 = (byte) 0xC3;
    static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    private final String topic;
    private final Class<T> type;
    private final SchemaArchive archive;
    private final SpecificData model;
    private final DatumWriter<T> writer;
    private final byte[] header;
    private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

    private EventCodec(String topic, Class<T> type, SchemaArchive archive) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.type = Objects.requireNonNull(type, "type");
        this.archive = Objects.requireNonNull(archive, "archive");
        // The generated class's own model knows its logical-type conversions (Instant, BigDecimal).
        this.model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        if (!schema.equals(archive.current())) {
            throw new IllegalArgumentException("archive of " + archive.current().getFullName()
                    + " does not hold the current schema of " + type.getName());
        }
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.header = header(SchemaArchive.fingerprint(schema));
    }

    /** A codec reading every version archived on the class path for {@code type}. */
    public static <T extends SpecificRecord> EventCodec<T> of(String topic, Class<T> type) {
        return new EventCodec<>(topic, type, SchemaArchive.load(SpecificData.getForClass(type).getSchema(type)));
    }

    /** A codec reading the versions of the given archive; for tests and replay tools. */
    public static <T extends SpecificRecord> EventCodec<T> of(String topic, Class<T> type, SchemaArchive archive) {
        return new EventCodec<>(topic, type, archive);
    }

    /** The topic (or, for dead letters, the topic family) this codec serves; named in failures. */
    public String topic() {
        return topic;
    }

    public Class<T> type() {
        return type;
    }

    /** The schema new bytes are written with. */
    public Schema schema() {
        return archive.current();
    }

    public SchemaArchive archive() {
        return archive;
    }

    public byte[] encode(T event) {
        Objects.requireNonNull(event, "event");
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(header);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Decodes bytes written with any known version; never throws for bad input. */
    public Decoded<T> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return failed(Decoded.Problem.NO_DATA, "the value is " + (bytes == null ? "null" : "empty"));
        }
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            return failed(Decoded.Problem.NOT_SINGLE_OBJECT_ENCODED,
                    "expected marker C3 01 and an 8-byte schema fingerprint, got " + describe(bytes));
        }
        long fingerprint = readFingerprint(bytes);
        Schema writerSchema = archive.findByFingerprint(fingerprint);
        if (writerSchema == null) {
            return failed(Decoded.Problem.UNKNOWN_SCHEMA, String.format(
                    "fingerprint %016x is no known %s schema (known: %s); written by a newer producer?",
                    fingerprint, type.getSimpleName(), archive.describeVersions()));
        }
        DatumReader<T> reader = readers.computeIfAbsent(fingerprint,
                key -> new SpecificDatumReader<>(writerSchema, archive.current(), model));
        try {
            BoundedDecoder decoder = new BoundedDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH);
            T event = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                return failed(Decoded.Problem.TRAILING_BYTES, "the " + type.getSimpleName()
                        + " body decoded with bytes left over (" + bytes.length + " bytes in all)");
            }
            return new Decoded.Ok<>(event);
        } catch (IOException | RuntimeException e) {
            // Corrupt bodies surface as EOF, AvroRuntimeException, bad union or enum indexes and
            // invalid UTF-8 alike; every one of them means "these bytes are not this schema".
            return failed(Decoded.Problem.MALFORMED_BODY, "cannot read a " + type.getSimpleName()
                    + " body: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Kafka serializer writing this codec's encoding; a null event becomes a null value (tombstone). */
    public Serializer<T> serializer() {
        return new EventSerializer<>(this);
    }

    /** Strict Kafka deserializer: throws a {@code SerializationException} naming topic and problem. */
    public Deserializer<T> deserializer() {
        return new EventDeserializer<>(this);
    }

    /** Lenient Kafka deserializer for jobs that route failures to a dead-letter topic. */
    public Deserializer<Decoded<T>> decodingDeserializer() {
        return new DecodingDeserializer<>(this);
    }

    /** Serializer and strict deserializer as one Kafka Streams serde. */
    public Serde<T> serde() {
        return Serdes.serdeFrom(serializer(), deserializer());
    }

    @Override
    public String toString() {
        return "EventCodec[" + topic + ", " + type.getSimpleName() + "]";
    }

    private Decoded<T> failed(Decoded.Problem problem, String detail) {
        return new Decoded.Failed<>(topic, problem, detail);
    }

    private static byte[] header(long fingerprint) {
        byte[] header = new byte[HEADER_LENGTH];
        header[0] = MARKER_0;
        header[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }

    private static long readFingerprint(byte[] bytes) {
        long fingerprint = 0;
        for (int i = 0; i < 8; i++) {
            fingerprint |= (bytes[2 + i] & 0xFFL) << (8 * i);
        }
        return fingerprint;
    }

    private static String describe(byte[] bytes) {
        int shown = Math.min(bytes.length, 12);
        String hex = HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes, 0, shown);
        return bytes.length + " bytes starting " + hex + (shown < bytes.length ? " ..." : "");
    }
}
