package io.confab.jobs.usage.state;

import org.apache.kafka.common.errors.SerializationException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the fields a {@link StateWriter} wrote, in order; bytes that end early or do not fit throw. */
public final class StateReader {

    private final byte[] bytes;
    private int position;

    public StateReader(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    public int readByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public long readLong() {
        long zigzag = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            zigzag |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (zigzag >>> 1) ^ -(zigzag & 1);
            }
        }
        throw new SerializationException("a varint longer than 10 bytes at " + position);
    }

    /** What {@link StateWriter#writeFixedLong} wrote. */
    public long readFixedLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[position++] & 0xFF);
        }
        return value;
    }

    public int readInt() {
        long value = readLong();
        if (value != (int) value) {
            throw new SerializationException("a number out of int range (" + value + ") at " + position);
        }
        return (int) value;
    }

    /** A count of elements that follow: not negative, and not more than the bytes left could hold. */
    public int readCount() {
        int count = readInt();
        if (count < 0 || count > bytes.length - position) {
            throw new SerializationException("a count of " + count + " elements at " + position + " with "
                    + (bytes.length - position) + " bytes left");
        }
        return count;
    }

    public String readString() {
        int length = length();
        if (length < 0) {
            return null;
        }
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    public byte[] readBytes() {
        int length = length();
        if (length < 0) {
            return null;
        }
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    /** Whether every byte was read: state with bytes left over was not written by this format. */
    public boolean atEnd() {
        return position == bytes.length;
    }

    private int length() {
        long lengthPlusOne = readLong();
        if (lengthPlusOne < 0 || lengthPlusOne - 1 > bytes.length - position) {
            throw new SerializationException("a length of " + (lengthPlusOne - 1) + " at " + position + " with "
                    + (bytes.length - position) + " bytes left");
        }
        return (int) (lengthPlusOne - 1);
    }

    private void need(int count) {
        if (position + count > bytes.length) {
            throw new SerializationException("state ends after " + bytes.length + " bytes, " + count + " more expected");
        }
    }
}
