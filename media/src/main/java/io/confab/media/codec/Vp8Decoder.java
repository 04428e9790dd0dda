package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.confab.media.picture.I420Frame;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decodes received VP8 frames with FFmpeg's own "vp8" decoder: the bot counts the pictures it
 * could show (videoFramesDecoded), the recording mixer takes their pixels ({@link #copyPicture()}).
 * Frames come from the network: a frame the decoder rejects is counted and dropped, never thrown.
 * One thread and no frame threading, so a picture comes out for the frame that went in, not frames
 * later. Holds native memory until {@link #close()}; not thread-safe.
 */
public final class Vp8Decoder implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    /** What one frame gave. */
    public record Picture(boolean decoded, int width, int height) {
        static final Picture NONE = new Picture(false, 0, 0);
    }

    private final CodecContext codec;
    /** The decoded picture: {@link CodecContext#frame}. */
    private final AVFrame picture;
    private long framesDecoded;
    private long framesRejected;
    private int lastWidth;
    private int lastHeight;
    /** Whether {@link #picture} holds the last decode's picture (it is kept until the next decode). */
    private boolean havePicture;

    public Vp8Decoder() {
        this.codec = CodecContext.open("Vp8Decoder", avcodec_find_decoder(AV_CODEC_ID_VP8), "this FFmpeg build has no VP8 decoder",
                "opening the VP8 decoder", context -> context.thread_count(1), CodecContext::emptyFrame);
        this.picture = codec.frame;
    }

    /** Decodes one whole frame; {@link Picture#decoded()} is false if the decoder rejected it. */
    public Picture decode(byte[] frame) {
        return decode(frame, 0, frame == null ? 0 : frame.length);
    }

    public Picture decode(byte[] frame, int offset, int length) {
        codec.requireOpen();
        if (havePicture) {
            av_frame_unref(picture);
            havePicture = false;
        }
        if (frame == null || length <= 0 || offset < 0 || offset > frame.length - length) {
            framesRejected++;
            return Picture.NONE;
        }
        if (codec.sendPacket(frame, offset, length, "allocating a VP8 packet") < 0) {
            framesRejected++;
            return Picture.NONE;
        }
        int received = avcodec_receive_frame(codec.context, picture);
        if (received < 0) {
            // EAGAIN cannot happen without frame threading; either way nothing came out.
            framesRejected++;
            return Picture.NONE;
        }
        lastWidth = picture.width();
        lastHeight = picture.height();
        havePicture = true;
        framesDecoded++;
        return new Picture(true, lastWidth, lastHeight);
    }

    /**
     * The pixels of the picture the last {@link #decode} gave, in a new frame of its size.
     *
     * @throws IllegalStateException if the last decode gave no picture
     */
    public I420Frame copyPicture() {
        requirePicture();
        I420Frame frame = new I420Frame(lastWidth, lastHeight);
        I420Planes.copyOut(picture, frame);
        return frame;
    }

    /**
     * Copies the pixels of the picture the last {@link #decode} gave into {@code target}, which must
     * be of its size ({@link #width()} x {@link #height()}): a receiver keeps one frame per size
     * instead of allocating 1.4 MB per 720p picture.
     *
     * @throws IllegalStateException if the last decode gave no picture
     * @throws IllegalArgumentException if {@code target} is another size
     */
    public void copyPicture(I420Frame target) {
        requirePicture();
        if (target.width() != lastWidth || target.height() != lastHeight) {
            throw new IllegalArgumentException("target is " + target.width() + "x" + target.height()
                    + ", the decoded picture " + lastWidth + "x" + lastHeight);
        }
        I420Planes.copyOut(picture, target);
    }

    private void requirePicture() {
        codec.requireOpen();
        if (!havePicture) {
            throw new IllegalStateException("the last VP8 frame gave no picture");
        }
        if (picture.format() != AV_PIX_FMT_YUV420P) {
            // FFmpeg's vp8 decoder only outputs 4:2:0; anything else is a build we did not test.
            throw new IllegalStateException("VP8 decoder gave pixel format " + picture.format() + ", not YUV420P");
        }
    }

    /** Frames that gave a picture. */
    public long framesDecoded() {
        return framesDecoded;
    }

    /** Frames the decoder refused or that gave no picture. */
    public long framesRejected() {
        return framesRejected;
    }

    /** Size of the last decoded picture; 0 before the first. */
    public int width() {
        return lastWidth;
    }

    public int height() {
        return lastHeight;
    }

    /** Frees the codec context, picture and packet; later calls to {@link #decode} throw. */
    @Override
    public void close() {
        codec.close();
    }
}
