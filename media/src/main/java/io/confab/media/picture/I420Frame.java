package io.confab.media.picture;

import java.util.Arrays;

/**
 * One picture in I420 (planar YUV 4:2:0, the layout VP8 codes): the full-size Y plane, then the U
 * and V planes at half width and half height (rounded up), each row packed with no padding.
 *
 * <p>A video source fills one of these in place for every picture rather than allocating 1.5
 * bytes per pixel 30 times a second, so a frame returned by a source is valid only until the
 * source's next call; {@link #copy()} keeps one. Not thread-safe.
 */
public final class I420Frame {
    private final int width;
    private final int height;
    private final byte[] data;

    /** A black picture (Y 16, U and V 128: video-range black). */
    public I420Frame(int width, int height) {
        if (width < 2 || height < 2 || width > 16_383 || height > 16_383) {
            // RFC 6386 §9.1: VP8 carries 14-bit dimensions.
            throw new IllegalArgumentException("picture size " + width + "x" + height + " is outside 2..16383");
        }
        this.width = width;
        this.height = height;
        this.data = new byte[byteLength(width, height)];
        Arrays.fill(data, 0, lumaLength(), (byte) 16);
        Arrays.fill(data, lumaLength(), data.length, (byte) 128);
    }

    /** Bytes one I420 picture of this size takes. */
    public static int byteLength(int width, int height) {
        return width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int chromaWidth() {
        return (width + 1) / 2;
    }

    public int chromaHeight() {
        return (height + 1) / 2;
    }

    /** Y, U and V planes back to back; written in place by sources. */
    public byte[] data() {
        return data;
    }

    public int lumaLength() {
        return width * height;
    }

    public int chromaLength() {
        return chromaWidth() * chromaHeight();
    }

    /** Offset of the U plane in {@link #data()}; the Y plane starts at 0. */
    public int uOffset() {
        return lumaLength();
    }

    public int vOffset() {
        return lumaLength() + chromaLength();
    }

    public I420Frame copy() {
        I420Frame copy = new I420Frame(width, height);
        System.arraycopy(data, 0, copy.data, 0, data.length);
        return copy;
    }
}
