package io.confab.core.sfu.srtp;

/**
 * SSRC to {@link StreamContext}, open addressing on int keys so a lookup per packet boxes nothing.
 * Bounded: past {@link #MAX_STREAMS} no stream is added, so a peer cannot grow it without limit.
 */
final class StreamTable {
    /** Far above what one WebRTC transport carries (a few per participant with simulcast and RTX). */
    static final int MAX_STREAMS = 1024;

    private int[] keys = new int[16];
    private StreamContext[] values = new StreamContext[16];
    private int size;

    /** The stream's context, or null if it has none yet. */
    StreamContext get(int ssrc) {
        int mask = keys.length - 1;
        for (int slot = hash(ssrc) & mask; values[slot] != null; slot = (slot + 1) & mask) {
            if (keys[slot] == ssrc) {
                return values[slot];
            }
        }
        return null;
    }

    boolean isFull() {
        return size >= MAX_STREAMS;
    }

    /** The stream's context, created if needed; null if it is new and the table is full. */
    StreamContext getOrCreate(int ssrc) {
        StreamContext found = get(ssrc);
        if (found != null) {
            return found;
        }
        if (isFull()) {
            return null;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        StreamContext created = new StreamContext();
        insert(ssrc, created);
        size++;
        return created;
    }

    int size() {
        return size;
    }

    private void insert(int ssrc, StreamContext context) {
        int mask = keys.length - 1;
        int slot = hash(ssrc) & mask;
        while (values[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = ssrc;
        values[slot] = context;
    }

    private void grow() {
        int[] oldKeys = keys;
        StreamContext[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new StreamContext[oldValues.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    /** SSRCs are chosen at random but may be picked by a peer; spread them anyway (Fibonacci hashing). */
    private static int hash(int ssrc) {
        int h = ssrc * 0x9E3779B9;
        return h ^ h >>> 16;
    }
}
