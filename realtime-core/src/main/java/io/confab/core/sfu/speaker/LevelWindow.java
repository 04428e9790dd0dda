package io.confab.core.sfu.speaker;

/**
 * The mean loudness of one participant's audio over the last smoothing window, from a fixed ring of
 * samples so that adding one allocates nothing. Loudness is dB above silence ({@code 127 - level}),
 * zero for samples that are not speech, so noise and pauses pull the mean down.
 */
final class LevelWindow {

    /** 300 ms of 10 ms packets is 30; twice that absorbs a burst released by a jitter spike. */
    static final int CAPACITY = 64;

    private final long windowNanos;
    private final long[] arrivals = new long[CAPACITY];
    private final int[] loudness = new int[CAPACITY];
    private int oldest;
    private int size;
    private long sum;

    LevelWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    void add(long nowNanos, int sampleLoudness) {
        expire(nowNanos);
        if (size == CAPACITY) {
            // A shorter window for the moment is better than refusing the newest sample.
            dropOldest();
        }
        int slot = (oldest + size) % CAPACITY;
        arrivals[slot] = nowNanos;
        loudness[slot] = sampleLoudness;
        sum += sampleLoudness;
        size++;
    }

    /** Drops samples that have left the window; when packets stop (Opus DTX) the mean falls to zero. */
    void expire(long nowNanos) {
        while (size > 0 && nowNanos - arrivals[oldest] >= windowNanos) {
            dropOldest();
        }
    }

    double meanLoudness() {
        return size == 0 ? 0 : (double) sum / size;
    }

    private void dropOldest() {
        sum -= loudness[oldest];
        oldest = (oldest + 1) % CAPACITY;
        size--;
    }
}
