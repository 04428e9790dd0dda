package io.confab.jobs.recording.bench;

import io.confab.media.picture.I420Frame;
import io.confab.media.picture.OneFrameSource;

/**
 * A camera picture that costs the codecs what a webcam does: a detailed backdrop (a blocky texture
 * over a gradient) that pans slowly, as a hand-held or re-framing camera does; a bright "head" that
 * sways in front of it; and sensor noise of a few luma steps on every pixel, which a flat or purely
 * static test frame lacks and which makes VP8 and x264 spend bits and time on every block. The
 * colour drifts slowly. Each seed gives a different texture, sway and colour, so the tiles of a
 * composite differ. Not thread-safe; the returned picture is overwritten by the next call.
 */
public final class MovingScene extends OneFrameSource {

    /** Texture blocks of 16 pixels: detail at the scale of a room's edges and objects at 720p. */
    private static final int BLOCK = 16;
    /** Pan speed: 2 pixels a frame, 60 pixels a second at 30 fps. */
    private static final int PAN_STEP = 2;
    /** Noise amplitude in luma steps (+-), as a webcam in office light shows. */
    private static final int NOISE = 3;

    private final byte[] backdrop;
    private final int backdropWidth;
    private final long seed;
    private int number;
    private int noiseState;

    public MovingScene(int width, int height, long seed) {
        super(new I420Frame(width, height));
        this.seed = seed;
        // Wide enough to pan for 15 s one way, then back.
        this.backdropWidth = width + 15 * 30 * PAN_STEP;
        this.backdrop = new byte[backdropWidth * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < backdropWidth; x++) {
                int gradient = 40 + 80 * y / height + 40 * (x % width) / width;
                int texture = shade(x / BLOCK, y / BLOCK) - 64;
                backdrop[y * backdropWidth + x] = (byte) clamp(gradient + texture / 2);
            }
        }
        this.noiseState = (int) (seed * 0x9E3779B9L) | 1;
    }

    private int shade(int blockX, int blockY) {
        int hash = (blockX * 0x9E3779B1) ^ (blockY * 0x85EBCA77) ^ (int) (seed * 0xC2B2AE35L);
        hash ^= hash >>> 15;
        return ((hash * 0x2C1B3C6D) >>> 24) % 128;
    }

    @Override
    public I420Frame nextFrame() {
        int width = frame.width();
        int height = frame.height();
        byte[] data = frame.data();
        // Pans right for a while, then back, so the backdrop never runs out.
        int span = (backdropWidth - width) / PAN_STEP;
        int step = number % (2 * span);
        int pan = PAN_STEP * (step < span ? step : 2 * span - step);
        int state = noiseState;
        for (int y = 0; y < height; y++) {
            int from = y * backdropWidth + pan;
            int to = y * width;
            for (int x = 0; x < width; x++) {
                state ^= state << 13;
                state ^= state >>> 17;
                state ^= state << 5;
                int noise = (state & 7) - NOISE;
                data[to + x] = (byte) clamp((backdrop[from + x] & 0xff) + noise);
            }
        }
        noiseState = state;
        drawHead(data, width, height);
        drawChroma(width, height, data);
        number++;
        return frame;
    }

    /** An ellipse a third of the picture high, swaying left and right and nodding. */
    private void drawHead(byte[] data, int width, int height) {
        double t = number / 30.0;
        int cx = (int) (width / 2 + width / 8 * Math.sin(2 * Math.PI * 0.3 * t + seed));
        int cy = (int) (height / 2 + height / 30 * Math.sin(2 * Math.PI * 1.1 * t + seed));
        int rx = width / 10;
        int ry = height / 6;
        for (int y = Math.max(0, cy - ry); y < Math.min(height, cy + ry); y++) {
            double dy = (double) (y - cy) / ry;
            int half = (int) (rx * Math.sqrt(Math.max(0, 1 - dy * dy)));
            for (int x = Math.max(0, cx - half); x < Math.min(width, cx + half); x++) {
                // Shaded like a lit face: brighter towards the upper left.
                int shadeValue = 190 - 40 * (x - cx + half) / Math.max(1, 2 * half) - 20 * (y - cy + ry) / (2 * ry);
                data[y * width + x] = (byte) clamp(shadeValue + ((data[y * width + x] & 0xff) & 3));
            }
        }
    }

    /** Chroma as a slowly drifting tint over a gradient; plane sizes as I420 rounds them. */
    private void drawChroma(int width, int height, byte[] data) {
        int cw = frame.chromaWidth();
        int ch = frame.chromaHeight();
        int drift = (int) (12 * Math.sin(number / 60.0 + seed));
        for (int y = 0; y < ch; y++) {
            int u = frame.uOffset() + y * cw;
            int v = frame.vOffset() + y * cw;
            for (int x = 0; x < cw; x++) {
                data[u + x] = (byte) (112 + drift + 16 * x / cw);
                data[v + x] = (byte) (136 - drift + 16 * y / ch);
            }
        }
    }

    private static int clamp(int value) {
        return Math.max(16, Math.min(235, value));
    }
}
