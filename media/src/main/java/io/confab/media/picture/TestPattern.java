package io.confab.media.picture;

import java.util.Arrays;

/**
 * A synthetic camera: a fixed blocky texture (so key frames carry real detail), a bright bar that
 * moves 8 pixels right every picture and the picture number in binary along the top, white block
 * for 1. Every picture differs from the last, so the encoder produces real inter frames, and a
 * decoded picture's counter tells which one it was. Not thread-safe.
 */
public final class TestPattern extends OneFrameSource {
    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 360;

    private static final int TEXTURE_BLOCK = 8;
    private static final int BAR_WIDTH = 32;
    private static final int BAR_STEP = 8;
    private static final int COUNTER_BITS = 16;
    private static final int COUNTER_BLOCK = 16;
    /** Video-range (BT.601) white and black, so the bar and counter survive range conversion. */
    private static final byte WHITE = (byte) 235;
    private static final byte BLACK = (byte) 16;

    private final byte[] texture;
    private int pictureNumber;

    public TestPattern() {
        this(DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    public TestPattern(int width, int height) {
        super(new I420Frame(width, height));
        this.texture = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                texture[y * width + x] = (byte) blockShade(x / TEXTURE_BLOCK, y / TEXTURE_BLOCK);
            }
        }
    }

    /** A fixed pseudo-random shade per block, 48..207, from a multiplicative hash of its position. */
    private static int blockShade(int blockX, int blockY) {
        int hash = (blockX * 0x9E3779B1) ^ (blockY * 0x85EBCA77);
        hash ^= hash >>> 15;
        return 48 + ((hash * 0x2C1B3C6D) >>> 24) % 160;
    }

    @Override
    public I420Frame nextFrame() {
        int width = frame.width();
        int height = frame.height();
        byte[] data = frame.data();
        System.arraycopy(texture, 0, data, 0, texture.length);
        drawBar(data, width, height);
        drawCounter(data, width, height);
        drawChroma(data);
        pictureNumber++;
        return frame;
    }

    private void drawBar(byte[] data, int width, int height) {
        int left = (pictureNumber * BAR_STEP) % width;
        for (int y = 0; y < height; y++) {
            for (int x = left; x < left + BAR_WIDTH; x++) {
                data[y * width + (x % width)] = WHITE;
            }
        }
    }

    private void drawCounter(byte[] data, int width, int height) {
        int rows = Math.min(COUNTER_BLOCK, height);
        for (int bit = 0; bit < COUNTER_BITS; bit++) {
            int left = bit * COUNTER_BLOCK;
            if (left >= width) {
                break;
            }
            byte shade = ((pictureNumber >>> (COUNTER_BITS - 1 - bit)) & 1) != 0 ? WHITE : BLACK;
            int right = Math.min(left + COUNTER_BLOCK, width);
            for (int y = 0; y < rows; y++) {
                Arrays.fill(data, y * width + left, y * width + right, shade);
            }
        }
    }

    /** U fixed, V drifting slowly, so colour changes too but never jumps. */
    private void drawChroma(byte[] data) {
        Arrays.fill(data, frame.uOffset(), frame.vOffset(), (byte) 112);
        Arrays.fill(data, frame.vOffset(), data.length, (byte) (96 + (pictureNumber % 64)));
    }

    /** How many pictures have been produced. */
    public int picturesProduced() {
        return pictureNumber;
    }
}
