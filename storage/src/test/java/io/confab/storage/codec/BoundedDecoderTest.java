package io.confab.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The decoder must read exactly what Avro's own encoder writes, for every type of the
 * specification, including the blocked arrays and maps that carry their byte size, and must skip
 * every type when a reader drops a field.
 */
class BoundedDecoderTest {

    private static final Schema EVERY_TYPE = new Schema.Parser().parse("""
            {"type": "record", "name": "EveryType", "fields": [
              {"name": "n", "type": "null"},
              {"name": "b", "type": "boolean"},
              {"name": "i", "type": "int"},
              {"name": "l", "type": "long"},
              {"name": "f", "type": "float"},
              {"name": "d", "type": "double"},
              {"name": "s", "type": "string"},
              {"name": "y", "type": "bytes"},
              {"name": "x", "type": {"type": "fixed", "name": "Four", "size": 4}},
              {"name": "e", "type": {"type": "enum", "name": "Colour", "symbols": ["RED", "GREEN"]}},
              {"name": "a", "type": {"type": "array", "items": "long"}},
              {"name": "m", "type": {"type": "map", "values": "string"}},
              {"name": "u", "type": ["null", "string"]},
              {"name": "last", "type": "string"}
            ]}""");

    /** Only the last field: everything before it must be skipped. */
    private static final Schema ONLY_LAST = new Schema.Parser().parse("""
            {"type": "record", "name": "EveryType", "fields": [{"name": "last", "type": "string"}]}""");

    @Test
    void readsEveryTypeAsAvroWritesIt() throws IOException {
        for (boolean blocked : List.of(false, true)) {
            byte[] bytes = encode(sample(), blocked);
            BoundedDecoder decoder = new BoundedDecoder(bytes, 0, bytes.length);

            GenericRecord read = new GenericDatumReader<GenericRecord>(EVERY_TYPE).read(null, decoder);

            assertEquals(sample(), read, blocked ? "blocked arrays and maps" : "plain arrays and maps");
            assertTrue(decoder.isEnd());
        }
    }

    @Test
    void blockedEncodingReallyCarriesBlockSizes() throws IOException {
        assertTrue(encode(sample(), true).length > encode(sample(), false).length,
                "the blocking encoder should add a byte size to each array and map block");
    }

    @Test
    void skipsEveryTypeWhenTheReaderDropsTheField() throws IOException {
        for (boolean blocked : List.of(false, true)) {
            byte[] bytes = encode(sample(), blocked);
            BoundedDecoder decoder = new BoundedDecoder(bytes, 0, bytes.length);

            GenericRecord read = new GenericDatumReader<GenericRecord>(EVERY_TYPE, ONLY_LAST).read(null, decoder);

            assertEquals("end", read.get("last").toString());
            assertTrue(decoder.isEnd(), "everything skipped, nothing left");
        }
    }

    @Test
    void refusesAStringLongerThanTheInput() {
        byte[] bytes = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 'a'};

        EOFException thrown = assertThrows(EOFException.class, () -> new BoundedDecoder(bytes, 0, bytes.length).readString());
        assertEquals("string length 1073741823 exceeds the 1 bytes left", thrown.getMessage());
    }

    @Test
    void refusesAnArrayWithMoreItemsThanBytesLeft() {
        byte[] bytes = {(byte) 0xD0, 0x0F, 0x02};

        assertThrows(EOFException.class, () -> new BoundedDecoder(bytes, 0, bytes.length).readArrayStart());
    }

    @Test
    void refusesANegativeLength() {
        byte[] bytes = {0x01, 0x00};

        assertThrows(AvroRuntimeException.class, () -> new BoundedDecoder(bytes, 0, bytes.length).readBytes(null));
    }

    @Test
    void refusesABooleanByteOtherThanZeroOrOne() {
        assertThrows(AvroRuntimeException.class, () -> new BoundedDecoder(new byte[] {2}, 0, 1).readBoolean());
    }

    @Test
    void refusesAVarintLongerThanTenBytes() {
        byte[] bytes = new byte[11];
        java.util.Arrays.fill(bytes, (byte) 0x80);

        assertThrows(AvroRuntimeException.class, () -> new BoundedDecoder(bytes, 0, bytes.length).readLong());
    }

    @Test
    void refusesAnIntOutsideThirtyTwoBits() throws IOException {
        byte[] bytes = encodeLong(1L << 40);

        assertThrows(AvroRuntimeException.class, () -> new BoundedDecoder(bytes, 0, bytes.length).readInt());
    }

    @Test
    void readsTheExtremesOfLong() throws IOException {
        for (long value : List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE)) {
            byte[] bytes = encodeLong(value);
            assertEquals(value, new BoundedDecoder(bytes, 0, bytes.length).readLong());
        }
    }

    private static GenericRecord sample() {
        GenericRecord record = new GenericData.Record(EVERY_TYPE);
        record.put("n", null);
        record.put("b", true);
        record.put("i", -123_456);
        record.put("l", Long.MIN_VALUE);
        record.put("f", 1.5f);
        record.put("d", -2.25e300);
        record.put("s", "héllo wörld");
        record.put("y", ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xFF}));
        record.put("x", new GenericData.Fixed(EVERY_TYPE.getField("x").schema(), new byte[] {9, 8, 7, 6}));
        record.put("e", new GenericData.EnumSymbol(EVERY_TYPE.getField("e").schema(), "GREEN"));
        record.put("a", new GenericData.Array<>(EVERY_TYPE.getField("a").schema(), List.of(1L, -2L, 3L, 400_000L)));
        record.put("m", Map.of("k1", "v1", "k2", "v2"));
        record.put("u", "union branch 1");
        record.put("last", "end");
        return record;
    }

    private static byte[] encode(GenericRecord record, boolean blocked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = blocked
                // A tiny block size forces byte-counted blocks: negative item counts plus sizes.
                ? new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null)
                : EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(EVERY_TYPE).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] encodeLong(long value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeLong(value);
        encoder.flush();
        return out.toByteArray();
    }
}
