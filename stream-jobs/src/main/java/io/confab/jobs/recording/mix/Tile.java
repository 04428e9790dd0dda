package io.confab.jobs.recording.mix;

/** A rectangle of the output picture, in pixels; x, y, width and height are even (I420 chroma). */
public record Tile(int x, int y, int width, int height) {

    public Tile {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || (x | y | width | height) % 2 != 0) {
            throw new IllegalArgumentException("tile must be positive and even: " + x + "," + y + " " + width + "x" + height);
        }
    }

    static Tile even(int x, int y, int width, int height) {
        return new Tile(x & ~1, y & ~1, Math.max(2, width & ~1), Math.max(2, height & ~1));
    }
}
