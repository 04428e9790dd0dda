package io.confab.core.sfu;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long the SFU holds a packet: from the moment its datagram is read to the moment its copy for
 * one receiver leaves for the kernel, one sample per forwarded copy. A fan-out to many receivers
 * therefore shows its later copies' wait, which is the delay a receiver sees. With batched sends a
 * copy leaves at its batch's flush, after the rest of its read batch has been forwarded: such a
 * copy is {@link #queued} with its read time and recorded when {@link #flushed}, so the figure
 * includes the wait in the queue.
 *
 * <p>Log-linear buckets in microseconds: exact below 128 µs, then 32 buckets per power of two (about
 * 3 % wide) up to some seconds. The media thread is the only writer (ordered writes, no lock); the
 * stats endpoint reads a sparse snapshot that a bench can subtract from a later one.
 */
public final class ForwardingDelay {

    private static final int EXACT = 128;
    private static final int SUB_BUCKETS = 32;
    private static final int SUB_BITS = 5;
    private static final int FIRST_LOG = 7;
    private static final int LAST_LOG = 24;
    private static final int BUCKETS = EXACT + (LAST_LOG - FIRST_LOG + 1) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    /**
     * Read times of the copies queued since the last flush (media thread only). Sized for a read
     * batch of 16 datagrams fanned out to 64 receivers each; a larger fan-out doubles it once.
     */
    private long[] queuedReadNanos = new long[1024];
    private int queued;

    /** Records one forwarded copy; on the media thread only. */
    void record(long nanos) {
        int index = index(Math.max(0, nanos) / 1000);
        counts.lazySet(index, counts.get(index) + 1);
    }

    /** A copy of a datagram read at {@code readNanos} waits in the socket's queue for the next flush; media thread only. */
    void queued(long readNanos) {
        if (queued == queuedReadNanos.length) {
            queuedReadNanos = java.util.Arrays.copyOf(queuedReadNanos, queued * 2);
        }
        queuedReadNanos[queued++] = readNanos;
    }

    /** The socket handed its queue to the kernel at {@code nowNanos}: every queued copy is recorded, with its wait; media thread only. */
    void flushed(long nowNanos) {
        for (int i = 0; i < queued; i++) {
            record(nowNanos - queuedReadNanos[i]);
        }
        queued = 0;
    }

    /** Non-empty buckets since start: the bucket's upper bound in microseconds to its count. */
    Map<Long, Long> snapshot() {
        Map<Long, Long> buckets = new TreeMap<>();
        for (int i = 0; i < BUCKETS; i++) {
            long count = counts.get(i);
            if (count > 0) {
                buckets.put(upperMicros(i), count);
            }
        }
        return buckets;
    }

    /** The non-empty buckets of several histograms (one per media thread) added together. */
    static Map<Long, Long> merged(List<ForwardingDelay> delays) {
        Map<Long, Long> buckets = new TreeMap<>();
        for (ForwardingDelay delay : delays) {
            delay.snapshot().forEach((bound, count) -> buckets.merge(bound, count, Long::sum));
        }
        return buckets;
    }

    static int index(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int log = 63 - Long.numberOfLeadingZeros(micros);
        if (log > LAST_LOG) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (log - SUB_BITS)) & (SUB_BUCKETS - 1);
        return EXACT + (log - FIRST_LOG) * SUB_BUCKETS + sub;
    }

    static long upperMicros(int index) {
        if (index < EXACT) {
            return index;
        }
        int log = FIRST_LOG + (index - EXACT) / SUB_BUCKETS;
        int sub = (index - EXACT) % SUB_BUCKETS;
        return ((long) (SUB_BUCKETS + sub + 1) << (log - SUB_BITS)) - 1;
    }

    /**
     * The value below which {@code fraction} of the samples lie (a bucket's upper bound), or -1
     * for no samples. Works on a snapshot or on the difference of two.
     */
    public static long percentileMicros(NavigableMap<Long, Long> buckets, double fraction) {
        long total = buckets.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (Map.Entry<Long, Long> bucket : buckets.entrySet()) {
            seen += bucket.getValue();
            if (seen >= Math.max(1, rank)) {
                return bucket.getKey();
            }
        }
        return buckets.lastKey();
    }
}
