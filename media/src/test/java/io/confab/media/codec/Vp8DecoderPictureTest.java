package io.confab.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.picture.I420Frame;
import io.confab.media.picture.TestPattern;
import io.confab.media.vp8.Vp8Frame;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The decoder's pixels: what the recording mixer scales into a tile. */
class Vp8DecoderPictureTest {
    @Test
    void givesThePixelsOfAnOddSizedPictureWhoseRowsFfmpegPads() {
        // 321x241: odd luma, 161x121 chroma, and FFmpeg's row stride is wider than either.
        assertPicturesSurvive(321, 241);
    }

    @Test
    void givesThePixelsOf720p() {
        assertPicturesSurvive(1280, 720);
    }

    private static void assertPicturesSurvive(int width, int height) {
        TestPattern camera = new TestPattern(width, height);
        try (Vp8Encoder encoder = new Vp8Encoder(width, height, 2_000_000); Vp8Decoder decoder = new Vp8Decoder()) {
            I420Frame reused = new I420Frame(width, height);
            for (int i = 0; i < 5; i++) {
                I420Frame source = camera.nextFrame().copy();
                Vp8Frame frame = encoder.encode(source).orElseThrow();
                assertTrue(decoder.decode(frame.data()).decoded(), "frame " + i);
                I420Frame fresh = decoder.copyPicture();
                decoder.copyPicture(reused);
                assertEquals(width, fresh.width());
                assertEquals(height, fresh.height());
                assertTrue(Arrays.equals(fresh.data(), reused.data()), "both copies hold the same pixels");
                // Lossy, but close: a misplaced stride or chroma plane would read far below 25 dB.
                double luma = PictureQuality.lumaPsnr(source, fresh);
                double u = PictureQuality.uPsnr(source, fresh);
                double v = PictureQuality.vPsnr(source, fresh);
                assertTrue(luma > 28 && u > 28 && v > 28,
                        "frame " + i + " at " + width + "x" + height + ": PSNR Y " + luma + ", U " + u + ", V " + v);
            }
        }
    }

    @Test
    void refusesATargetOfAnotherSizeAndHasNoPictureAfterARejectedFrame() {
        TestPattern camera = new TestPattern(320, 180);
        try (Vp8Encoder encoder = new Vp8Encoder(320, 180); Vp8Decoder decoder = new Vp8Decoder()) {
            assertThrows(IllegalStateException.class, decoder::copyPicture, "nothing decoded yet");
            decoder.decode(encoder.encode(camera.nextFrame()).orElseThrow().data());
            IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class,
                    () -> decoder.copyPicture(new I420Frame(640, 360)));
            assertTrue(wrongSize.getMessage().contains("320x180"), wrongSize.getMessage());
            assertFalse(decoder.decode(new byte[] {1, 2, 3}).decoded());
            assertThrows(IllegalStateException.class, decoder::copyPicture, "the last frame gave no picture");
        }
    }
}
