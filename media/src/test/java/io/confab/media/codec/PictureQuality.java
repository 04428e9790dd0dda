package io.confab.media.codec;

import io.confab.media.picture.I420Frame;

/** PSNR between two pictures of one size, plane by plane: how close a lossy round trip came. */
final class PictureQuality {
    private PictureQuality() {
    }

    /** PSNR in dB of {@code length} bytes from {@code offset} in both pictures' data. */
    static double psnr(I420Frame expected, I420Frame actual, int offset, int length) {
        byte[] a = expected.data();
        byte[] b = actual.data();
        double squares = 0;
        for (int i = offset; i < offset + length; i++) {
            int difference = (a[i] & 0xFF) - (b[i] & 0xFF);
            squares += difference * difference;
        }
        double meanSquare = squares / length;
        return meanSquare == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / meanSquare);
    }

    static double lumaPsnr(I420Frame expected, I420Frame actual) {
        return psnr(expected, actual, 0, expected.lumaLength());
    }

    static double uPsnr(I420Frame expected, I420Frame actual) {
        return psnr(expected, actual, expected.uOffset(), expected.chromaLength());
    }

    static double vPsnr(I420Frame expected, I420Frame actual) {
        return psnr(expected, actual, expected.vOffset(), expected.chromaLength());
    }
}
