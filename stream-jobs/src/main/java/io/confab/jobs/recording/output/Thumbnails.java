package io.confab.jobs.recording.output;

import io.confab.jobs.recording.mix.Canvas;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG stills of the composite: I420 to RGB (BT.601 video range, as VP8 and H.264 carry it), scaled by point sampling. */
public final class Thumbnails {

    static final float QUALITY = 0.85f;

    private Thumbnails() {
    }

    public static byte[] jpeg(Canvas canvas, int width, int height) throws IOException {
        byte[] yuv = canvas.data();
        int sw = canvas.width();
        int sh = canvas.height();
        int cw = sw / 2;
        int uBase = sw * sh;
        int vBase = uBase + cw * (sh / 2);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            int sy = y * sh / height;
            for (int x = 0; x < width; x++) {
                int sx = x * sw / width;
                int luma = (yuv[sy * sw + sx] & 0xff) - 16;
                int u = (yuv[uBase + (sy / 2) * cw + sx / 2] & 0xff) - 128;
                int v = (yuv[vBase + (sy / 2) * cw + sx / 2] & 0xff) - 128;
                int c = 298 * luma;
                int r = clamp((c + 409 * v + 128) >> 8);
                int g = clamp((c - 100 * u - 208 * v + 128) >> 8);
                int b = clamp((c + 516 * u + 128) >> 8);
                row[x] = (r << 16) | (g << 8) | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
