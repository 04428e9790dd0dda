package io.confab.media.codec;

import io.confab.media.picture.I420Frame;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Copies between our packed {@link I420Frame} and FFmpeg's YUV420P {@link AVFrame}, whose rows are
 * padded to a stride (linesize) for SIMD alignment. Row by row, so any stride and odd sizes (the
 * chroma planes are ceil(width/2) x ceil(height/2)) copy right.
 */
public final class I420Planes {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    private I420Planes() {
    }

    /** Writes {@code frame} into {@code picture}'s three planes; sizes must match. */
    public static void copyIn(I420Frame frame, AVFrame picture) {
        byte[] data = frame.data();
        copyIn(data, 0, frame.width(), frame.height(), picture.data(0), picture.linesize(0));
        copyIn(data, frame.uOffset(), frame.chromaWidth(), frame.chromaHeight(), picture.data(1), picture.linesize(1));
        copyIn(data, frame.vOffset(), frame.chromaWidth(), frame.chromaHeight(), picture.data(2), picture.linesize(2));
    }

    /** Reads {@code picture}'s three planes into {@code frame}; sizes must match. */
    public static void copyOut(AVFrame picture, I420Frame frame) {
        byte[] data = frame.data();
        copyOut(picture.data(0), picture.linesize(0), data, 0, frame.width(), frame.height());
        copyOut(picture.data(1), picture.linesize(1), data, frame.uOffset(), frame.chromaWidth(), frame.chromaHeight());
        copyOut(picture.data(2), picture.linesize(2), data, frame.vOffset(), frame.chromaWidth(), frame.chromaHeight());
    }

    private static void copyIn(byte[] source, int offset, int planeWidth, int planeHeight,
                               BytePointer target, int lineSize) {
        if (lineSize == planeWidth) {
            target.position(0).put(source, offset, planeWidth * planeHeight);
            return;
        }
        for (int row = 0; row < planeHeight; row++) {
            target.position((long) row * lineSize).put(source, offset + row * planeWidth, planeWidth);
        }
        target.position(0);
    }

    private static void copyOut(BytePointer source, int lineSize, byte[] target, int offset,
                                int planeWidth, int planeHeight) {
        if (lineSize == planeWidth) {
            source.position(0).get(target, offset, planeWidth * planeHeight);
            return;
        }
        for (int row = 0; row < planeHeight; row++) {
            source.position((long) row * lineSize).get(target, offset + row * planeWidth, planeWidth);
        }
        source.position(0);
    }
}
