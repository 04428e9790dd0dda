package io.confab.jobs.recording.mix;

/**
 * Keeps a mix of several voices inside 16 bits without clipping: the tracks are summed in 32 bits,
 * and when a block's peak would exceed full scale the gain drops at once to fit it (no sample is
 * ever clipped), then recovers slowly, so two people talking at once get quieter rather than
 * distorted. A lone voice at normal level passes untouched (gain 1).
 */
public final class Limiter {

    /** Headroom under full scale (about -0.2 dBFS), so AAC's reconstruction does not overshoot. */
    static final int CEILING = 32_000;
    /** Gain regained per block: back from half gain to unity in about a second of 1024-sample blocks. */
    static final double RELEASE_PER_BLOCK = 0.012;

    private double gain = 1.0;

    /** Scales {@code mix[0..count)} into {@code out}; both may be the caller's reused arrays. */
    public void apply(int[] mix, short[] out, int count) {
        int peak = 0;
        for (int i = 0; i < count; i++) {
            peak = Math.max(peak, Math.abs(mix[i]));
        }
        double target = peak * gain > CEILING ? (double) CEILING / peak : Math.min(1.0, gain + RELEASE_PER_BLOCK);
        double start = Math.min(gain, target);
        // Attack is immediate (start = target when it must drop); release ramps across the block.
        double step = (target - start) / Math.max(1, count);
        double g = start;
        for (int i = 0; i < count; i++) {
            int value = (int) Math.round(mix[i] * g);
            out[i] = (short) Math.max(-CEILING, Math.min(CEILING, value));
            g += step;
        }
        gain = target;
    }

    public double gain() {
        return gain;
    }
}
