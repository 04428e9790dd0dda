package io.confab.jobs.recording.mix;

import io.confab.media.picture.I420Frame;
import java.util.Arrays;

/**
 * The composite picture being drawn: one I420 frame (Y plane, then U, then V, no padding) that the
 * compositor paints tiles into and the H.264 encoder reads. Drawing is plain Java over the arrays:
 * scaling uses precomputed fixed-point bilinear tables per (source size, tile) pair, so a frame of
 * four 720p sources costs a few milliseconds.
 */
public final class Canvas {

    /** Background and name-tile colours, as Y, U, V. */
    static final int[] BACKGROUND = {16, 128, 128};
    static final int[] NAME_TILE = {48, 128, 128};
    static final int[] SPEAKER_BORDER = {170, 60, 150};

    private final int width;
    private final int height;
    private final I420Frame frame;
    private final byte[] data;
    private ScaleTable lumaTable;
    private ScaleTable chromaTable;

    public Canvas(int width, int height) {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("canvas must have even sides: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.frame = new I420Frame(width, height);
        this.data = frame.data();
    }

    /** The picture drawn so far, as the encoder takes it. */
    public I420Frame frame() {
        return frame;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The I420 bytes: Y (width x height), U and V (width/2 x height/2). */
    public byte[] data() {
        return data;
    }

    public void clear() {
        fill(new Tile(0, 0, width, height), BACKGROUND);
    }

    public void fill(Tile tile, int[] yuv) {
        for (int row = tile.y(); row < tile.y() + tile.height(); row++) {
            Arrays.fill(data, row * width + tile.x(), row * width + tile.x() + tile.width(), (byte) yuv[0]);
        }
        int cw = width / 2;
        int u = width * height;
        int v = u + cw * (height / 2);
        for (int row = tile.y() / 2; row < (tile.y() + tile.height()) / 2; row++) {
            Arrays.fill(data, u + row * cw + tile.x() / 2, u + row * cw + (tile.x() + tile.width()) / 2, (byte) yuv[1]);
            Arrays.fill(data, v + row * cw + tile.x() / 2, v + row * cw + (tile.x() + tile.width()) / 2, (byte) yuv[2]);
        }
    }

    /** A frame of {@code thickness} pixels just inside {@code tile}. */
    public void border(Tile tile, int thickness, int[] yuv) {
        int t = Math.max(2, thickness & ~1);
        fill(new Tile(tile.x(), tile.y(), tile.width(), t), yuv);
        fill(new Tile(tile.x(), tile.y() + tile.height() - t, tile.width(), t), yuv);
        fill(new Tile(tile.x(), tile.y(), t, tile.height()), yuv);
        fill(new Tile(tile.x() + tile.width() - t, tile.y(), t, tile.height()), yuv);
    }

    /**
     * Draws a picture scaled to fit {@code tile} with its aspect ratio kept; the rest of the tile is
     * background.
     */
    public void draw(I420Frame picture, Tile tile) {
        int sw = picture.width();
        int sh = picture.height();
        byte[] source = picture.data();
        Tile fitted = fit(sw, sh, tile);
        if (!fitted.equals(tile)) {
            fill(tile, BACKGROUND);
        }
        lumaTable = ScaleTable.of(lumaTable, sw, sh, fitted.width(), fitted.height());
        chromaTable = ScaleTable.of(chromaTable, picture.chromaWidth(), picture.chromaHeight(), fitted.width() / 2, fitted.height() / 2);
        scale(source, 0, sw, lumaTable, data, fitted.y() * width + fitted.x(), width);
        int cw = width / 2;
        int u = width * height;
        int v = u + cw * (height / 2);
        int at = (fitted.y() / 2) * cw + fitted.x() / 2;
        scale(source, picture.uOffset(), picture.chromaWidth(), chromaTable, data, u + at, cw);
        scale(source, picture.vOffset(), picture.chromaWidth(), chromaTable, data, v + at, cw);
    }

    /** Writes a grey mask's text in white onto the luma plane at (x, y); chroma is neutral under it. */
    public void label(NameLabels.Mask mask, int x, int y) {
        int w = Math.min(mask.width(), width - x);
        int h = Math.min(mask.height(), height - y);
        for (int row = 0; row < h; row++) {
            int line = (y + row) * width + x;
            for (int col = 0; col < w; col++) {
                int alpha = mask.alpha()[row * mask.width() + col] & 0xff;
                if (alpha != 0) {
                    int under = data[line + col] & 0xff;
                    data[line + col] = (byte) (under + ((235 - under) * alpha >> 8));
                }
            }
        }
    }

    static Tile fit(int sw, int sh, Tile tile) {
        long byWidth = (long) tile.width() * sh;
        long byHeight = (long) tile.height() * sw;
        if (byWidth == byHeight) {
            return tile;
        }
        if (byWidth < byHeight) {
            int h = (int) (byWidth / sw);
            return Tile.even(tile.x(), tile.y() + (tile.height() - h) / 2, tile.width(), h);
        }
        int w = (int) (byHeight / sh);
        return Tile.even(tile.x() + (tile.width() - w) / 2, tile.y(), w, tile.height());
    }

    private static void scale(byte[] src, int srcOffset, int srcStride, ScaleTable t, byte[] dst, int dstOffset, int dstStride) {
        for (int row = 0; row < t.dh; row++) {
            int y0 = srcOffset + t.y0[row] * srcStride;
            int y1 = srcOffset + t.y1[row] * srcStride;
            int fy = t.fy[row];
            int out = dstOffset + row * dstStride;
            for (int col = 0; col < t.dw; col++) {
                int x0 = t.x0[col];
                int x1 = t.x1[col];
                int fx = t.fx[col];
                int top = ((src[y0 + x0] & 0xff) * (256 - fx) + (src[y0 + x1] & 0xff) * fx);
                int bottom = ((src[y1 + x0] & 0xff) * (256 - fx) + (src[y1 + x1] & 0xff) * fx);
                dst[out + col] = (byte) ((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16);
            }
        }
    }

    /** Source positions and 8-bit weights for every destination column and row. */
    private static final class ScaleTable {
        final int sw, sh, dw, dh;
        final int[] x0, x1, fx, y0, y1, fy;

        private ScaleTable(int sw, int sh, int dw, int dh) {
            this.sw = sw;
            this.sh = sh;
            this.dw = dw;
            this.dh = dh;
            x0 = new int[dw];
            x1 = new int[dw];
            fx = new int[dw];
            y0 = new int[dh];
            y1 = new int[dh];
            fy = new int[dh];
            axis(sw, dw, x0, x1, fx);
            axis(sh, dh, y0, y1, fy);
        }

        static ScaleTable of(ScaleTable cached, int sw, int sh, int dw, int dh) {
            if (cached != null && cached.sw == sw && cached.sh == sh && cached.dw == dw && cached.dh == dh) {
                return cached;
            }
            return new ScaleTable(sw, sh, dw, dh);
        }

        /** Pixel centres aligned (as swscale's bilinear does), clamped at the edges. */
        private static void axis(int source, int target, int[] i0, int[] i1, int[] f) {
            for (int i = 0; i < target; i++) {
                double at = (i + 0.5) * source / target - 0.5;
                int low = (int) Math.floor(at);
                int weight = (int) Math.round((at - low) * 256);
                i0[i] = Math.max(0, Math.min(source - 1, low));
                i1[i] = Math.max(0, Math.min(source - 1, low + 1));
                f[i] = Math.max(0, Math.min(256, weight));
            }
        }
    }
}
