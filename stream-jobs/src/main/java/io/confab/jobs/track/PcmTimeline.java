package io.confab.jobs.track;

/**
 * One track's decoded audio placed on the recording's timeline, 48 kHz mono 16-bit, in a ring that
 * covers the window between what the mixer has already taken and a few seconds ahead of it.
 * Samples are addressed by their absolute index from the recording's start, so reordering and
 * concealment can write anywhere in the window; a position that was already mixed is late, and
 * one beyond the window is too far ahead: both are dropped and counted, never wrapped over.
 */
public final class PcmTimeline {

    private final short[] ring;
    private final boolean[] written;
    private long base;
    private long lateSamples;
    private long aheadSamples;
    private long lastWritten = -1;

    public PcmTimeline(int capacitySamples) {
        ring = new short[capacitySamples];
        written = new boolean[capacitySamples];
    }

    /** Writes {@code count} samples of {@code pcm} from {@code offset} at absolute sample {@code at}. */
    public void write(long at, short[] pcm, int offset, int count) {
        for (int i = 0; i < count; i++) {
            long position = at + i;
            if (position < base) {
                lateSamples++;
                continue;
            }
            if (position >= base + ring.length) {
                aheadSamples += count - i;
                return;
            }
            int slot = (int) (position % ring.length);
            ring[slot] = pcm[offset + i];
            written[slot] = true;
            lastWritten = Math.max(lastWritten, position);
        }
    }

    /**
     * Adds samples {@code [base, base + count)} into {@code mix} (silence where nothing was written),
     * copies them to {@code own} when it is not null, frees them and moves the base past them.
     * Returns whether any sample in the block was written.
     */
    public boolean take(int[] mix, short[] own, int count) {
        boolean any = false;
        for (int i = 0; i < count; i++) {
            int slot = (int) ((base + i) % ring.length);
            short sample = written[slot] ? ring[slot] : 0;
            any |= written[slot];
            if (mix != null) {
                mix[i] += sample;
            }
            if (own != null) {
                own[i] = sample;
            }
            ring[slot] = 0;
            written[slot] = false;
        }
        base += count;
        return any;
    }

    /** The next sample index the mixer will take. */
    public long base() {
        return base;
    }

    /** Moves an empty timeline's start (a track created late starts at the mixer's position). */
    public void startAt(long sample) {
        base = sample;
    }

    /** The highest sample index written so far, or -1. */
    public long lastWritten() {
        return lastWritten;
    }

    public long lateSamples() {
        return lateSamples;
    }

    public long aheadSamples() {
        return aheadSamples;
    }
}
