package io.confab.storage.codec;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding (Avro specification, "Binary Encoding") over one byte array that refuses
 * every length or item count pointing past the end of the input.
 *
 * <p>Avro's own {@code BinaryDecoder} allocates a string, bytes or array of the length the input
 * claims before it finds out the input is shorter: five corrupt bytes can ask for 2 GiB. Kafka
 * values are untrusted input, so a consumer must be able to reject them without that allocation.
 * The price is one rule stricter than the specification: an array or map with more items than
 * there are bytes left is refused, which only a collection of zero-byte items (nulls, empty
 * records) could legitimately have; no Confab schema has one.
 */
final class BoundedDecoder extends Decoder {

    private final byte[] buffer;
    private final int limit;
    private int position;

    BoundedDecoder(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
    }

    boolean isEnd() {
        return position == limit;
    }

    private int remaining() {
        return limit - position;
    }

    private void require(long count, String what) throws IOException {
        if (count < 0) {
            throw new AvroRuntimeException("negative " + what + " " + count);
        }
        if (count > remaining()) {
            throw new EOFException(what + " " + count + " exceeds the " + remaining() + " bytes left");
        }
    }

    @Override
    public void readNull() {
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1, "boolean");
        byte value = buffer[position++];
        if (value != 0 && value != 1) {
            throw new AvroRuntimeException("boolean byte must be 0 or 1, got " + value);
        }
        return value == 1;
    }

    @Override
    public int readInt() throws IOException {
        long value = readLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new AvroRuntimeException("int out of range: " + value);
        }
        return (int) value;
    }

    @Override
    public long readLong() throws IOException {
        // Zig-zag varint: at most 10 bytes of 7 bits for 64 bits.
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            require(1, "varint byte");
            byte b = buffer[position++];
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new AvroRuntimeException("varint longer than 10 bytes");
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "float");
        int bits = (buffer[position] & 0xFF) | (buffer[position + 1] & 0xFF) << 8
                | (buffer[position + 2] & 0xFF) << 16 | (buffer[position + 3] & 0xFF) << 24;
        position += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "double");
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (buffer[position + i] & 0xFFL) << (8 * i);
        }
        position += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = readLength("string length");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buffer, position, result.getBytes(), 0, length);
        position += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = readLength("string length");
        String result = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        // Read the length first: "position += readLength()" would add it to the position from
        // before the length's own bytes were read.
        int length = readLength("string length");
        position += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = readLength("bytes length");
        ByteBuffer result = old != null && old.capacity() >= length ? old : ByteBuffer.allocate(length);
        result.clear();
        result.put(buffer, position, length).flip();
        position += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = readLength("bytes length");
        position += length;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length, "fixed size");
        System.arraycopy(buffer, position, bytes, start, length);
        position += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "fixed size");
        position += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return readItemCount();
    }

    @Override
    public long arrayNext() throws IOException {
        return readItemCount();
    }

    @Override
    public long skipArray() throws IOException {
        return skipItems();
    }

    @Override
    public long readMapStart() throws IOException {
        return readItemCount();
    }

    @Override
    public long mapNext() throws IOException {
        return readItemCount();
    }

    @Override
    public long skipMap() throws IOException {
        return skipItems();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    private int readLength(String what) throws IOException {
        long length = readLong();
        require(length, what);
        return (int) length;
    }

    /** Items in the next block; a negative count is followed by the block's size in bytes. */
    private long readItemCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            readLength("block size");
            count = -count;
        }
        require(count, "item count");
        return count;
    }

    /** Skips blocks that state their size; returns the item count of the first block that does not. */
    private long skipItems() throws IOException {
        long count = readLong();
        while (count < 0) {
            int size = readLength("block size");
            position += size;
            count = readLong();
        }
        require(count, "item count");
        return count;
    }
}
