package io.confab.media.picture;

/**
 * Shrinks I420 pictures by a box filter: each output pixel is the rounded mean of the source
 * pixels its area covers, plane by plane. For the halvings simulcast uses (scaleResolutionDownBy
 * 2 and 4) that is the exact 2x2 or 4x4 mean, the filter libyuv's kFilterBox applies when Chromium
 * scales a camera down for its lower layers. Sizes that do not divide evenly get boxes of one pixel
 * more or less. Only shrinks; the column and row boxes are computed once. Not thread-safe.
 */
public final class I420Scaler {
    private final int sourceWidth;
    private final int sourceHeight;
    private final int targetWidth;
    private final int targetHeight;
    private final Plane luma;
    private final Plane chroma;

    public I420Scaler(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
        if (targetWidth < 2 || targetHeight < 2 || targetWidth > sourceWidth || targetHeight > sourceHeight) {
            throw new IllegalArgumentException("cannot shrink " + sourceWidth + "x" + sourceHeight + " to "
                    + targetWidth + "x" + targetHeight + ": the target must be at least 2x2 and no larger");
        }
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        this.targetWidth = targetWidth;
        this.targetHeight = targetHeight;
        this.luma = new Plane(sourceWidth, sourceHeight, targetWidth, targetHeight);
        this.chroma = new Plane((sourceWidth + 1) / 2, (sourceHeight + 1) / 2, (targetWidth + 1) / 2, (targetHeight + 1) / 2);
    }

    /** A new picture of the target size holding {@code source} shrunk. */
    public I420Frame scale(I420Frame source) {
        I420Frame target = new I420Frame(targetWidth, targetHeight);
        scale(source, target);
        return target;
    }

    /** Writes {@code source} shrunk into {@code target}, which must be of the target size. */
    public void scale(I420Frame source, I420Frame target) {
        if (source.width() != sourceWidth || source.height() != sourceHeight) {
            throw new IllegalArgumentException("picture is " + source.width() + "x" + source.height()
                    + ", scaler was made for " + sourceWidth + "x" + sourceHeight);
        }
        if (target.width() != targetWidth || target.height() != targetHeight) {
            throw new IllegalArgumentException("target is " + target.width() + "x" + target.height()
                    + ", scaler was made for " + targetWidth + "x" + targetHeight);
        }
        byte[] in = source.data();
        byte[] out = target.data();
        luma.shrink(in, 0, out, 0);
        chroma.shrink(in, source.uOffset(), out, target.uOffset());
        chroma.shrink(in, source.vOffset(), out, target.vOffset());
    }

    public int targetWidth() {
        return targetWidth;
    }

    public int targetHeight() {
        return targetHeight;
    }

    /** One plane's boxes: output column x averages source columns [left[x], left[x + 1]), rows likewise. */
    private static final class Plane {
        private final int sourceWidth;
        private final int targetWidth;
        private final int targetHeight;
        private final int[] left;
        private final int[] top;
        private final int[] columnSums;

        Plane(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
            this.sourceWidth = sourceWidth;
            this.targetWidth = targetWidth;
            this.targetHeight = targetHeight;
            this.left = edges(sourceWidth, targetWidth);
            this.top = edges(sourceHeight, targetHeight);
            this.columnSums = new int[sourceWidth];
        }

        /** Box edges: edge i is floor(i * source / target), so boxes tile the source exactly. */
        private static int[] edges(int source, int target) {
            int[] edges = new int[target + 1];
            for (int i = 0; i <= target; i++) {
                edges[i] = (int) ((long) i * source / target);
            }
            return edges;
        }

        void shrink(byte[] in, int inOffset, byte[] out, int outOffset) {
            for (int y = 0; y < targetHeight; y++) {
                int rows = top[y + 1] - top[y];
                java.util.Arrays.fill(columnSums, 0);
                for (int row = top[y]; row < top[y + 1]; row++) {
                    int at = inOffset + row * sourceWidth;
                    for (int x = 0; x < sourceWidth; x++) {
                        columnSums[x] += in[at + x] & 0xFF;
                    }
                }
                int outRow = outOffset + y * targetWidth;
                for (int x = 0; x < targetWidth; x++) {
                    int sum = 0;
                    for (int column = left[x]; column < left[x + 1]; column++) {
                        sum += columnSums[column];
                    }
                    int area = rows * (left[x + 1] - left[x]);
                    out[outRow + x] = (byte) ((sum + area / 2) / area);
                }
            }
        }
    }
}
