package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.confab.media.picture.I420Frame;
import io.confab.media.vp8.Vp8Frame;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;

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

    private final CodecContext codec;
    private final int width;
    private final int height;
    private boolean keyFrameRequested;
    private long framesEncoded;
    private long keyFramesEncoded;

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
        this.codec = CodecContext.open("Vp8Encoder", avcodec_find_encoder_by_name("libvpx"), "this FFmpeg build has no libvpx (VP8) encoder",
                "opening the libvpx encoder", context -> {
                    context.width(width);
                    context.height(height);
                    context.pix_fmt(AV_PIX_FMT_YUV420P);
                    context.time_base(av_make_q(1, FRAME_RATE));
                    context.framerate(av_make_q(FRAME_RATE, 1));
                    context.bit_rate(bitrate);
                    // Equal min, max and target make libvpxenc choose CBR, as WebRTC senders run it; the
                    // one-second buffer lets a key frame overshoot without starving the frames after it.
                    context.rc_min_rate(bitrate);
                    context.rc_max_rate(bitrate);
                    context.rc_buffer_size(bitrate);
                    context.gop_size(KEY_FRAME_INTERVAL);
                    context.max_b_frames(0);
                    // One thread: the machine runs many bots, and threads add nothing at this size.
                    context.thread_count(1);
                    setOption(context, "deadline", "realtime");
                    setOption(context, "cpu-used", "8");
                    setOption(context, "lag-in-frames", "0");
                    setOption(context, "error-resilient", "default");
                    setOption(context, "auto-alt-ref", "0");
                }, opened -> CodecContext.picture(width, height, "allocating the VP8 input picture"));
        this.width = width;
        this.height = height;
    }

    private static void setOption(AVCodecContext context, String name, String value) {
        CodecContext.setOption(context, "libvpx", name, value);
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
        codec.requireOpen();
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("picture is " + frame.width() + "x" + frame.height()
                    + ", encoder was opened for " + width + "x" + height);
        }
        codec.sendPicture(frame, framesEncoded, keyFrameRequested, "VP8 input picture", "libvpx");
        framesEncoded++;
        EncodedPacket packet = codec.receivePacket(false, "receiving a VP8 frame from libvpx");
        if (packet == null) {
            return Optional.empty();
        }
        if (packet.keyFrame()) {
            keyFramesEncoded++;
            keyFrameRequested = false;
        }
        return Optional.of(new Vp8Frame(packet.data(), packet.keyFrame()));
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
        codec.close();
    }
}
