package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decodes received VP8 frames with FFmpeg's own "vp8" decoder, so the bot can report how many
 * pictures it could actually show (videoFramesDecoded). Frames come from the network: a frame the
 * decoder rejects is counted and dropped, never thrown. One thread and no frame threading, so a
 * picture comes out for the frame that went in, not frames later. Holds native memory until
 * {@link #close()}; not thread-safe.
 */
public final class Vp8Decoder implements AutoCloseable {
    /** What one frame gave. */
    public record Picture(boolean decoded, int width, int height) {
        static final Picture NONE = new Picture(false, 0, 0);
    }

    private final AVCodecContext context;
    private final AVFrame picture;
    private final AVPacket packet;
    private long framesDecoded;
    private long framesRejected;
    private int lastWidth;
    private int lastHeight;
    private boolean closed;

    public Vp8Decoder() {
        FfmpegNatives.load();
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_VP8);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("this FFmpeg build has no VP8 decoder");
        }
        AVCodecContext opened = avcodec_alloc_context3(codec);
        try {
            opened.thread_count(1);
            AvError.check(avcodec_open2(opened, codec, (AVDictionary) null), "opening the VP8 decoder");
        } catch (RuntimeException e) {
            avcodec_free_context(opened);
            throw e;
        }
        this.context = opened;
        this.picture = av_frame_alloc();
        this.packet = av_packet_alloc();
    }

    /** Decodes one whole frame; {@link Picture#decoded()} is false if the decoder rejected it. */
    public Picture decode(byte[] frame) {
        return decode(frame, 0, frame == null ? 0 : frame.length);
    }

    public Picture decode(byte[] frame, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("Vp8Decoder is closed");
        }
        if (frame == null || length <= 0 || offset < 0 || offset > frame.length - length) {
            framesRejected++;
            return Picture.NONE;
        }
        // av_new_packet adds the zeroed padding FFmpeg's bitstream readers may run into.
        AvError.check(av_new_packet(packet, length), "allocating a VP8 packet");
        packet.data().put(frame, offset, length);
        int sent = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        if (sent < 0) {
            framesRejected++;
            return Picture.NONE;
        }
        int received = avcodec_receive_frame(context, picture);
        if (received < 0) {
            // EAGAIN cannot happen without frame threading; either way nothing came out.
            framesRejected++;
            return Picture.NONE;
        }
        lastWidth = picture.width();
        lastHeight = picture.height();
        av_frame_unref(picture);
        framesDecoded++;
        return new Picture(true, lastWidth, lastHeight);
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
        if (closed) {
            return;
        }
        closed = true;
        av_packet_free(packet);
        av_frame_free(picture);
        avcodec_free_context(context);
    }
}
