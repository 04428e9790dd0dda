package io.confab.jobs.usage.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends fields to a growing byte array: whole numbers as zig-zag varints (epoch milliseconds take
 * six bytes, counts one), text as UTF-8 after its length, null as length zero of a length plus one.
 * Not thread-safe; one per serialization.
 */
public final class StateWriter {

    private byte[] bytes;
    private int size;

    public StateWriter(int capacity) {
        this.bytes = new byte[Math.max(16, capacity)];
    }

    public StateWriter writeByte(int value) {
        room(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public StateWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public StateWriter writeLong(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        room(10);
        while ((zigzag & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        bytes[size++] = (byte) zigzag;
        return this;
    }

    public StateWriter writeInt(int value) {
        return writeLong(value);
    }

    /** Text or null. */
    public StateWriter writeString(String value) {
        if (value == null) {
            return writeLong(0);
        }
        if (isAscii(value)) {
            // The common case (ids, names of enums): one byte per char without an encoder's copy.
            int length = value.length();
            writeLong(length + 1L);
            room(length);
            for (int i = 0; i < length; i++) {
                bytes[size++] = (byte) value.charAt(i);
            }
            return this;
        }
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes or null. */
    public StateWriter writeBytes(byte[] value) {
        if (value == null) {
            return writeLong(0);
        }
        writeLong(value.length + 1L);
        room(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
