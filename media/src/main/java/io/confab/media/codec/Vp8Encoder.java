package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import io.confab.media.picture.I420Frame;
import io.confab.media.vp8.Vp8Frame;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * VP8 through libvpx in avcodec, set up the way real-time senders run it: realtime deadline at
 * cpu-used 8 (fastest), no look-ahead (lag 0, so every picture in gives its frame out at once),
 * error resilient (so a receiver that lost a frame recovers sooner), 30 fps, a key frame every 3 s
 * and whenever {@link #requestKeyFrame()} asks (a PLI from the SFU, RFC 4585 §6.3.1). Holds native
 * memory until {@link #close()}; not thread-safe.
 */
public final class Vp8Encoder implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    public static final int DEFAULT_BITRATE = 600_000;
    public static final int FRAME_RATE = 30;
    /** 3 s at 30 fps: a receiver that joins late waits at most this long without a PLI. */
    public static final int KEY_FRAME_INTERVAL = 3 * FRAME_RATE;

    private final AVCodecContext context;
    private final AVFrame picture;
    private final AVPacket packet;
    private final int width;
    private final int height;
    private boolean keyFrameRequested;
    private long framesEncoded;
    private long keyFramesEncoded;
    private boolean closed;

    public Vp8Encoder(int width, int height) {
        this(width, height, DEFAULT_BITRATE);
    }

    /** @param bitrate target bits per second */
    public Vp8Encoder(int width, int height, int bitrate) {
        FfmpegNatives.load();
        if (width < 2 || height < 2 || width > 16_383 || height > 16_383) {
            throw new IllegalArgumentException("VP8 picture size " + width + "x" + height + " is outside 2..16383");
        }
        if (bitrate < 10_000) {
            throw new IllegalArgumentException("VP8 bitrate " + bitrate + " bit/s is below 10000");
        }
        AVCodec codec = avcodec_find_encoder_by_name("libvpx");
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("this FFmpeg build has no libvpx (VP8) encoder");
        }
        AVCodecContext opened = avcodec_alloc_context3(codec);
        AVFrame allocatedPicture = null;
        try {
            opened.width(width);
            opened.height(height);
            opened.pix_fmt(AV_PIX_FMT_YUV420P);
            opened.time_base(av_make_q(1, FRAME_RATE));
            opened.framerate(av_make_q(FRAME_RATE, 1));
            opened.bit_rate(bitrate);
            // Equal min, max and target make libvpxenc choose CBR, as WebRTC senders run it; the
            // one-second buffer lets a key frame overshoot without starving the frames after it.
            opened.rc_min_rate(bitrate);
            opened.rc_max_rate(bitrate);
            opened.rc_buffer_size(bitrate);
            opened.gop_size(KEY_FRAME_INTERVAL);
            opened.max_b_frames(0);
            // One thread: the machine runs many bots, and threads add nothing at this size.
            opened.thread_count(1);
            setOption(opened, "deadline", "realtime");
            setOption(opened, "cpu-used", "8");
            setOption(opened, "lag-in-frames", "0");
            setOption(opened, "error-resilient", "default");
            setOption(opened, "auto-alt-ref", "0");
            AvError.check(avcodec_open2(opened, codec, (AVDictionary) null), "opening the libvpx encoder");
            allocatedPicture = av_frame_alloc();
            allocatedPicture.format(AV_PIX_FMT_YUV420P);
            allocatedPicture.width(width);
            allocatedPicture.height(height);
            AvError.check(av_frame_get_buffer(allocatedPicture, 0), "allocating the VP8 input picture");
        } catch (RuntimeException e) {
            avcodec_free_context(opened);
            if (allocatedPicture != null) {
                av_frame_free(allocatedPicture);
            }
            throw e;
        }
        this.context = opened;
        this.picture = allocatedPicture;
        this.packet = av_packet_alloc();
        this.width = width;
        this.height = height;
    }

    private static void setOption(AVCodecContext context, String name, String value) {
        AvError.check(av_opt_set(context.priv_data(), name, value, 0), "setting libvpx " + name + "=" + value);
    }

    /** Makes the next encoded frame a key frame, as a PLI or FIR asks. */
    public void requestKeyFrame() {
        keyFrameRequested = true;
    }

    /**
     * Encodes one picture. Empty only if libvpx's rate control dropped it (it does not at these
     * settings, but a caller must not assume one frame out per picture in).
     *
     * @throws IllegalArgumentException if the picture is not this encoder's size
     */
    public Optional<Vp8Frame> encode(I420Frame frame) {
        if (closed) {
            throw new IllegalStateException("Vp8Encoder is closed");
        }
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("picture is " + frame.width() + "x" + frame.height()
                    + ", encoder was opened for " + width + "x" + height);
        }
        AvError.check(av_frame_make_writable(picture), "making the VP8 input picture writable");
        I420Planes.copyIn(frame, picture);
        picture.pts(framesEncoded);
        // libvpxenc turns an I picture type into VPX_EFLAG_FORCE_KF.
        picture.pict_type(keyFrameRequested ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        AvError.check(avcodec_send_frame(context, picture), "sending a picture to libvpx");
        framesEncoded++;
        int received = avcodec_receive_packet(context, packet);
        if (received == AvError.EAGAIN) {
            return Optional.empty();
        }
        AvError.check(received, "receiving a VP8 frame from libvpx");
        try {
            byte[] encoded = new byte[packet.size()];
            packet.data().get(encoded);
            boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
            if (key) {
                keyFramesEncoded++;
                keyFrameRequested = false;
            }
            return Optional.of(new Vp8Frame(encoded, key));
        } finally {
            av_packet_unref(packet);
        }
    }

    /** Pictures given to {@link #encode}. */
    public long framesEncoded() {
        return framesEncoded;
    }

    public long keyFramesEncoded() {
        return keyFramesEncoded;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Frees the codec context, picture and packet; later calls to {@link #encode} throw. */
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
