package io.confab.media.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TestPatternTest {
    @Test
    void defaultsTo640x360I420() {
        TestPattern pattern = new TestPattern();
        I420Frame frame = pattern.nextFrame();
        assertEquals(640, frame.width());
        assertEquals(360, frame.height());
        assertEquals(640 * 360 * 3 / 2, frame.data().length);
        assertEquals(640 * 360, frame.uOffset());
        assertEquals(640 * 360 + 320 * 180, frame.vOffset());
    }

    @Test
    void everyPictureDiffersFromTheLast() {
        TestPattern pattern = new TestPattern(160, 96);
        byte[] previous = pattern.nextFrame().data().clone();
        for (int i = 0; i < 30; i++) {
            byte[] current = pattern.nextFrame().data();
            assertFalse(Arrays.equals(previous, current), "picture " + (i + 1) + " repeats picture " + i);
            previous = current.clone();
        }
        assertEquals(31, pattern.picturesProduced());
    }

    @Test
    void drawsThePictureNumberInBinaryAlongTheTop() {
        TestPattern pattern = new TestPattern(320, 64);
        pattern.nextFrame();
        pattern.nextFrame();
        pattern.nextFrame();
        pattern.nextFrame();
        pattern.nextFrame();
        I420Frame fifth = pattern.nextFrame();
        // Picture number 5 = 0b101: the last three 16-pixel blocks of the 16-bit counter.
        byte[] y = fifth.data();
        int row = 8 * 320;
        assertEquals((byte) 235, y[row + 13 * 16 + 8]);
        assertEquals((byte) 16, y[row + 14 * 16 + 8]);
        assertEquals((byte) 235, y[row + 15 * 16 + 8]);
        assertEquals((byte) 16, y[row + 12 * 16 + 8]);
    }

    @Test
    void reusesOneFrame() {
        TestPattern pattern = new TestPattern(64, 64);
        assertSame(pattern.nextFrame(), pattern.nextFrame());
    }

    @Test
    void oddSizesRoundTheChromaPlanesUp() {
        I420Frame frame = new TestPattern(33, 17).nextFrame();
        assertEquals(17, frame.chromaWidth());
        assertEquals(9, frame.chromaHeight());
        assertEquals(33 * 17 + 2 * 17 * 9, frame.data().length);
    }

    @Test
    void refusesSizesVp8CannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new TestPattern(0, 360));
        assertThrows(IllegalArgumentException.class, () -> new TestPattern(20_000, 360));
    }
}
