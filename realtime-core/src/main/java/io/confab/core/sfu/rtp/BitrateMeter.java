package io.confab.core.sfu.rtp;

import java.util.Arrays;

/**
 * Bits per second over a sliding window, counted in a fixed ring of time buckets so that adding a
 * packet allocates nothing. The rate is the bytes in the buckets of the last window divided by the
 * whole window, so it reads low during the first window of a stream. Not thread-safe.
 */
public final class BitrateMeter {
    private final long bucketNanos;
    private final long[] bucketBytes;
    private final long[] bucketEpoch;

    /** @param windowNanos e.g. one second; @param buckets how finely the window slides, e.g. 10 */
    public BitrateMeter(long windowNanos, int buckets) {
        if (buckets < 1 || windowNanos < buckets) {
            throw new IllegalArgumentException("window " + windowNanos + " ns in " + buckets + " buckets");
        }
        this.bucketNanos = windowNanos / buckets;
        this.bucketBytes = new long[buckets];
        this.bucketEpoch = new long[buckets];
        Arrays.fill(bucketEpoch, Long.MIN_VALUE);
    }

    public void add(long nowNanos, int bytes) {
        long epoch = Math.floorDiv(nowNanos, bucketNanos);
        int index = (int) Math.floorMod(epoch, (long) bucketBytes.length);
        if (bucketEpoch[index] != epoch) {
            bucketEpoch[index] = epoch;
            bucketBytes[index] = 0;
        }
        bucketBytes[index] += bytes;
    }

    public long bitsPerSecond(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, bucketNanos);
        long bytes = 0;
        for (int i = 0; i < bucketBytes.length; i++) {
            long age = epoch - bucketEpoch[i];
            if (bucketEpoch[i] != Long.MIN_VALUE && age >= 0 && age < bucketBytes.length) {
                bytes += bucketBytes[i];
            }
        }
        return (long) (bytes * 8e9 / (bucketNanos * bucketBytes.length));
    }
}
