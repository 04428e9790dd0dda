package io.confab.media.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confab.media.TestSignals;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 6464 §3: the level is -dBov of the block's RMS, 0..127, 127 for digital silence. */
class AudioLevelMeterTest {
    @Test
    void fullScaleSquareWaveIsZero() {
        short[] square = new short[960];
        for (int i = 0; i < square.length; i++) {
            square[i] = i % 2 == 0 ? Short.MIN_VALUE : Short.MAX_VALUE;
        }
        assertEquals(0, AudioLevelMeter.level(square, 0, square.length));
    }

    @Test
    void fullScaleSineIsThree() {
        short[] sine = TestSignals.sine(48_000, 1000, 960, 1.0);
        assertEquals(3, AudioLevelMeter.level(sine, 0, sine.length));
    }

    @Test
    void sineTwentyDecibelsDownIsTwentyThree() {
        short[] sine = TestSignals.sine(48_000, 1000, 960, 0.1);
        assertEquals(23, AudioLevelMeter.level(sine, 0, sine.length));
    }

    @Test
    void oneLeastSignificantBitIsNinety() {
        short[] dither = new short[960];
        Arrays.fill(dither, (short) 1);
        assertEquals(90, AudioLevelMeter.level(dither, 0, dither.length), "20·log10(1/32768) = -90.3 dBov");
    }

    @Test
    void digitalSilenceAndEmptyBlocksAre127() {
        assertEquals(127, AudioLevelMeter.level(new short[960], 0, 960));
        assertEquals(127, AudioLevelMeter.level(new short[0], 0, 0));
    }

    @Test
    void measuresOnlyTheGivenRange() {
        short[] samples = new short[20];
        Arrays.fill(samples, 0, 10, Short.MIN_VALUE);
        assertEquals(127, AudioLevelMeter.level(samples, 10, 10));
        assertEquals(0, AudioLevelMeter.level(samples, 0, 10));
    }
}
