package io.confab.media.audio;

/**
 * The RFC 6464 §3 audio level of a block of 16-bit samples: the RMS in dB relative to the
 * overload point (dBov), negated and clamped to 0..127, where 0 is a full-scale square wave and 127
 * is digital silence. A full-scale sine reads 3 (its RMS is 1/√2 of full scale).
 */
public final class AudioLevelMeter {
    /** RFC 6464 §3: 127 (-127 dBov) stands for digital silence. */
    public static final int SILENCE = 127;
    /** The overload point of 16-bit PCM: the magnitude of the most negative sample. */
    private static final double OVERLOAD = 32768.0;

    private AudioLevelMeter() {
    }

    /** The level of {@code samples[offset..offset+length)}; 127 for an empty block. */
    public static int level(short[] samples, int offset, int length) {
        if (length <= 0) {
            return SILENCE;
        }
        double sumOfSquares = 0;
        for (int i = offset; i < offset + length; i++) {
            double sample = samples[i];
            sumOfSquares += sample * sample;
        }
        if (sumOfSquares == 0) {
            return SILENCE;
        }
        double rms = Math.sqrt(sumOfSquares / length) / OVERLOAD;
        double dBov = 20 * Math.log10(rms);
        long level = Math.round(-dBov);
        return (int) Math.max(0, Math.min(SILENCE, level));
    }
}
