package io.confab.transcription;

import java.util.Random;

/** Non-speech test signals at 16 kHz. */
public final class TestNoise {
    private TestNoise() {
    }

    /** Gaussian white noise at {@code dbfs} RMS. */
    public static short[] white(double seconds, double dbfs, long seed) {
        Random random = new Random(seed);
        double rms = 32768 * Math.pow(10, dbfs / 20);
        short[] out = new short[(int) (seconds * 16_000)];
        for (int i = 0; i < out.length; i++) {
            out[i] = clip(random.nextGaussian() * rms);
        }
        return out;
    }

    /** Brown (random-walk, low-frequency) noise at {@code dbfs} RMS: rumble, fans, traffic; crosses zero rarely. */
    public static short[] brown(double seconds, double dbfs, long seed) {
        Random random = new Random(seed);
        double[] walk = new double[(int) (seconds * 16_000)];
        double value = 0;
        double sumSquares = 0;
        for (int i = 0; i < walk.length; i++) {
            value = 0.995 * value + random.nextGaussian();
            walk[i] = value;
            sumSquares += value * value;
        }
        double scale = 32768 * Math.pow(10, dbfs / 20) / Math.sqrt(sumSquares / walk.length);
        short[] out = new short[walk.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = clip(walk[i] * scale);
        }
        return out;
    }

    private static short clip(double sample) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample)));
    }
}
