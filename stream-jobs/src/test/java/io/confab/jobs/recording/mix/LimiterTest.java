package io.confab.jobs.recording.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LimiterTest {

    static final int BLOCK = 1024;

    @Test
    void aLoneVoiceAtNormalLevelPassesUnchanged() {
        Limiter limiter = new Limiter();
        short[] out = new short[BLOCK];
        for (int block = 0; block < 20; block++) {
            int[] mix = tone(block, 8_000, 440);
            limiter.apply(mix, out, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                assertEquals(mix[i], out[i], "block " + block + " sample " + i + " unchanged");
            }
        }
        assertEquals(1.0, limiter.gain());
    }

    @Test
    void twoLoudVoicesSummedAreScaledUnderTheCeilingNotClipped() {
        Limiter limiter = new Limiter();
        short[] out = new short[BLOCK];
        int[] mix = sum(tone(0, 30_000, 440), tone(0, 30_000, 440));
        int peak = peak(mix);
        assertTrue(peak > Short.MAX_VALUE, "the test's sum overflows 16 bits: " + peak);

        limiter.apply(mix, out, BLOCK);

        double gain = limiter.gain();
        assertTrue(gain < 1.0, "gain dropped, got " + gain);
        int outPeak = 0;
        for (int i = 0; i < BLOCK; i++) {
            outPeak = Math.max(outPeak, Math.abs(out[i]));
            // Scaled, not clipped: every sample keeps its place in the waveform.
            assertTrue(Math.abs(out[i] - mix[i] * gain) <= 1, "sample " + i + ": expected " + mix[i] * gain + ", got " + out[i]);
        }
        assertTrue(outPeak <= Limiter.CEILING, "peak " + outPeak + " at most the ceiling " + Limiter.CEILING);
        assertTrue(outPeak >= Limiter.CEILING - 2, "the loud block uses the headroom up to the ceiling, got " + outPeak);
    }

    @Test
    void loudVoicesNeverExceedTheCeilingOverManyBlocks() {
        Limiter limiter = new Limiter();
        short[] out = new short[BLOCK];
        for (int block = 0; block < 100; block++) {
            // Getting louder and quieter, so the gain keeps dropping and recovering.
            int level = 10_000 + (block * 7919 % 25_000);
            limiter.apply(sum(tone(block, level, 440), tone(block, level, 660)), out, BLOCK);
            int peak = peak(out);
            assertTrue(peak <= Limiter.CEILING, "block " + block + ": peak " + peak + " at most " + Limiter.CEILING);
        }
    }

    @Test
    void theGainRecoversOverLaterQuietBlocks() {
        Limiter limiter = new Limiter();
        short[] out = new short[BLOCK];
        limiter.apply(sum(tone(0, 30_000, 440), tone(0, 30_000, 440)), out, BLOCK);
        double previous = limiter.gain();
        int blocks = 0;
        while (limiter.gain() < 1.0 && blocks < 200) {
            int[] quiet = tone(++blocks, 2_000, 440);
            limiter.apply(quiet, out, BLOCK);
            assertTrue(limiter.gain() > previous, "gain rises in quiet block " + blocks + ": " + previous + " -> " + limiter.gain());
            for (int i = 0; i < BLOCK; i++) {
                assertTrue(Math.abs(out[i]) <= Math.abs(quiet[i]) + 1, "never louder than the input while recovering");
            }
            previous = limiter.gain();
        }
        assertEquals(1.0, limiter.gain(), "back to unity");
        // About a second of 1024-sample blocks (47 a second) from about half gain.
        assertTrue(blocks > 10 && blocks < 60, "recovered in " + blocks + " blocks");
    }

    private static int[] tone(int block, int amplitude, double hz) {
        int[] samples = new int[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            samples[i] = (int) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (block * BLOCK + i) / 48_000.0));
        }
        return samples;
    }

    private static int[] sum(int[] a, int[] b) {
        int[] s = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static int peak(int[] samples) {
        int peak = 0;
        for (int s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }

    private static int peak(short[] samples) {
        int peak = 0;
        for (short s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }
}
