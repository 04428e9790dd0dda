package io.confab.jobs.usage.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends fields to a growing byte array: whole numbers as zig-zag varints (epoch milliseconds take
 * six bytes, counts one), text as UTF-8 after its length, null as length zero of a length plus one.
 * Not thread-safe: one per thread, reset between values.
 */
public final class StateWriter {

    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
        // The array and the position in locals: the loop stores only into the array.
        byte[] out = bytes;
        int at = size;
        while ((zigzag & ~0x7FL) != 0) {
            out[at++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        out[at++] = (byte) zigzag;
        size = at;
        return this;
    }

    /** Eight bytes, high first: for values spread over all 64 bits (a UUID's halves), which a varint would make longer. */
    public StateWriter writeFixedLong(long value) {
        room(8);
        BIG_ENDIAN_LONG.set(bytes, size, value);
        size += 8;
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
        // The common case (ids, names of enums) is ASCII: one byte per char, copied while checked, in
        // one pass and without an encoder's copy; the first other char sends the text to UTF-8.
        int length = value.length();
        int start = size;
        writeLong(length + 1L);
        room(length);
        byte[] out = bytes;
        int at = size;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                size = start;
                return writeBytes(value.getBytes(StandardCharsets.UTF_8));
            }
            out[at + i] = (byte) c;
        }
        size = at + length;
        return this;
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

    /** Empties the writer for the next value, keeping its array (see StateSerde's scratch writer). */
    public StateWriter reset() {
        size = 0;
        return this;
    }

    /** The bytes the array has room for, written or not. */
    public int capacity() {
        return bytes.length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
