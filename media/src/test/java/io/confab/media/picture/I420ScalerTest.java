package io.confab.media.picture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The box filter that makes the lower simulcast layers. */
class I420ScalerTest {

    /** A picture whose every sample is {@code value(x, y)} per plane (Y, then U and V offset by 64 and 128). */
    private static I420Frame picture(int width, int height, java.util.function.IntBinaryOperator value) {
        I420Frame frame = new I420Frame(width, height);
        byte[] data = frame.data();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                data[y * width + x] = (byte) value.applyAsInt(x, y);
            }
        }
        for (int y = 0; y < frame.chromaHeight(); y++) {
            for (int x = 0; x < frame.chromaWidth(); x++) {
                data[frame.uOffset() + y * frame.chromaWidth() + x] = (byte) (value.applyAsInt(x, y) + 64);
                data[frame.vOffset() + y * frame.chromaWidth() + x] = (byte) (value.applyAsInt(x, y) + 128);
            }
        }
        return frame;
    }

    private static int sample(byte[] data, int at) {
        return data[at] & 0xFF;
    }

    @Test
    void halvingTakesTheRoundedMeanOfEachTwoByTwoBlockInEveryPlane() {
        // Y: 10, 20 / 30, 41 repeated: each 2x2 block averages (10 + 20 + 30 + 41) / 4 = 25.25 -> 25.
        I420Frame source = picture(8, 4, (x, y) -> (x % 2 == 0 ? 10 : 20) + (y % 2 == 0 ? 0 : 20) + (x % 2 * (y % 2)));
        I420Frame half = new I420Scaler(8, 4, 4, 2).scale(source);
        for (int i = 0; i < half.lumaLength(); i++) {
            assertEquals(25, sample(half.data(), i), "luma sample " + i);
        }
        // U plane of the source is 4x2 with the same pattern + 64: a 2x1 target averages 2x2 blocks.
        assertEquals(25 + 64, sample(half.data(), half.uOffset()));
        assertEquals(25 + 128, sample(half.data(), half.vOffset()));
    }

    @Test
    void aQuarterOfATestPatternKeepsItsMeanBrightness() {
        TestPattern camera = new TestPattern(1280, 720);
        I420Frame full = camera.nextFrame();
        I420Frame quarter = new I420Scaler(1280, 720, 320, 180).scale(full);
        assertEquals(320, quarter.width());
        assertEquals(180, quarter.height());
        assertEquals(mean(full.data(), 0, full.lumaLength()), mean(quarter.data(), 0, quarter.lumaLength()), 0.5);
        // The counter's first 16x16 white-or-black block becomes a uniform 4x4 block.
        int corner = sample(quarter.data(), 0);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(corner, sample(quarter.data(), y * 320 + x), "(" + x + "," + y + ")");
            }
        }
    }

    @Test
    void sizesThatDoNotDivideEvenlyStillCoverTheWholePicture() {
        I420Frame source = picture(641, 361, (x, y) -> x < 320 ? 40 : 200);
        I420Frame target = new I420Scaler(641, 361, 320, 180).scale(source);
        assertEquals(40, sample(target.data(), 0));
        assertEquals(200, sample(target.data(), 319));
        assertEquals(200, sample(target.data(), 179 * 320 + 319));
    }

    @Test
    void refusesToEnlargeOrToTakeAPictureOfAnotherSize() {
        assertThrows(IllegalArgumentException.class, () -> new I420Scaler(320, 180, 640, 360));
        I420Scaler scaler = new I420Scaler(640, 360, 320, 180);
        assertThrows(IllegalArgumentException.class, () -> scaler.scale(new I420Frame(320, 180)));
    }

    private static double mean(byte[] data, int from, int length) {
        long sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += data[i] & 0xFF;
        }
        return (double) sum / length;
    }
}
