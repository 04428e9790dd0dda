package io.confab.core.sfu.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LevelWindowTest {

    private static final long MS = 1_000_000L;

    @Test
    void meanCoversOnlyTheWindow() {
        LevelWindow window = new LevelWindow(300 * MS);
        window.add(0, 90);
        window.add(100 * MS, 60);
        assertEquals(75.0, window.meanLoudness(), 1e-9);

        window.expire(300 * MS);
        assertEquals(60.0, window.meanLoudness(), 1e-9, "the sample from t=0 is 300 ms old and out");
        window.expire(400 * MS);
        assertEquals(0.0, window.meanLoudness());
    }

    @Test
    void aBurstLargerThanTheRingKeepsTheNewestSamples() {
        LevelWindow window = new LevelWindow(300 * MS);
        for (int i = 0; i < LevelWindow.CAPACITY; i++) {
            window.add(0, 10);
        }
        for (int i = 0; i < LevelWindow.CAPACITY; i++) {
            window.add(MS, 100);
        }
        assertEquals(100.0, window.meanLoudness(), 1e-9);
    }
}
