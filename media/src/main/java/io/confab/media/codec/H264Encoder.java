package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.confab.media.picture.I420Frame;
import java.util.List;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * H.264 through libx264 (the GPL natives, see {@link FfmpegNatives}) for recordings: I420 pictures
 * in, Annex B packets out, tuned "zerolatency" so each picture gives its packet at once and there
 * are no B-frames (dts equals pts). A forced key frame is an IDR picture ({@code forced-idr}), so a
 * recording segment can start there. SPS and PPS go in the codec's extradata, not in the stream
 * (AV_CODEC_FLAG_GLOBAL_HEADER), because MP4 wants them once in its avcC box: {@link
 * #copyParametersTo} hands them to the muxer. Time base 1/fps: pts counts pictures. Holds native
 * memory until {@link #close()}; not thread-safe.
 */
public final class H264Encoder implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    private static final String RECEIVING = "receiving an H.264 packet from libx264";
    /** x264's presets, fastest first. */
    public static final Set<String> PRESETS = Set.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow", "placebo");

    /**
     * How to encode.
     *
     * @param bitrate target bits per second (ABR with a one-second VBV buffer), or 0 when {@code crf} rules
     * @param crf constant rate factor 0..51 (x264's quality scale, 23 its default), or -1 when {@code bitrate} rules
     * @param keyFrameInterval pictures between key frames at most (x264's keyint)
     * @param preset an x264 preset, e.g. "veryfast"
     * @param threads encoder threads; 1 suits many recordings sharing a machine, 0 lets x264 choose
     */
    public record Config(int width, int height, int framesPerSecond, int bitrate, int crf, int keyFrameInterval,
                         String preset, int threads) {
        public static final String DEFAULT_PRESET = "veryfast";

        public Config {
            if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0 || width > 8192 || height > 8192) {
                throw new IllegalArgumentException("H.264 4:2:0 picture size " + width + "x" + height
                        + " must be even and within 2..8192");
            }
            if (framesPerSecond < 1 || framesPerSecond > 240) {
                throw new IllegalArgumentException("frame rate " + framesPerSecond + " is outside 1..240");
            }
            if ((bitrate > 0) == (crf >= 0)) {
                throw new IllegalArgumentException("give either a bitrate (" + bitrate + ") or a CRF (" + crf + "), not both or neither");
            }
            if (bitrate < 0 || (bitrate > 0 && bitrate < 10_000) || crf > 51) {
                throw new IllegalArgumentException("bitrate " + bitrate + " (at least 10000) or CRF " + crf + " (0..51) is out of range");
            }
            if (keyFrameInterval < 1) {
                throw new IllegalArgumentException("key frame interval " + keyFrameInterval + " is below 1 picture");
            }
            if (!PRESETS.contains(preset)) {
                throw new IllegalArgumentException("'" + preset + "' is not an x264 preset: " + PRESETS);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads " + threads + " is negative");
            }
        }

        /** Average bitrate, a key frame every 2 s, veryfast, one thread. */
        public static Config bitrate(int width, int height, int framesPerSecond, int bitrate) {
            return new Config(width, height, framesPerSecond, bitrate, -1, 2 * framesPerSecond, DEFAULT_PRESET, 1);
        }

        /** Constant quality, a key frame every 2 s, veryfast, one thread. */
        public static Config crf(int width, int height, int framesPerSecond, int crf) {
            return new Config(width, height, framesPerSecond, 0, crf, 2 * framesPerSecond, DEFAULT_PRESET, 1);
        }

        public Config withKeyFrameInterval(int pictures) {
            return new Config(width, height, framesPerSecond, bitrate, crf, pictures, preset, threads);
        }

        public Config withPreset(String name) {
            return new Config(width, height, framesPerSecond, bitrate, crf, keyFrameInterval, name, threads);
        }

        public Config withThreads(int count) {
            return new Config(width, height, framesPerSecond, bitrate, crf, keyFrameInterval, preset, count);
        }
    }

    private final Config config;
    private final CodecContext codec;
    private long lastPts = Long.MIN_VALUE;
    private long framesEncoded;
    private long keyFramesEncoded;

    public H264Encoder(Config config) {
        FfmpegNatives.load();
        this.config = config;
        this.codec = CodecContext.open("H264Encoder", avcodec_find_encoder_by_name("libx264"),
                "this FFmpeg build has no libx264 encoder (the -gpl natives have it)", "opening the libx264 encoder",
                context -> {
                    context.width(config.width());
                    context.height(config.height());
                    context.pix_fmt(AV_PIX_FMT_YUV420P);
                    context.time_base(av_make_q(1, config.framesPerSecond()));
                    context.framerate(av_make_q(config.framesPerSecond(), 1));
                    context.gop_size(config.keyFrameInterval());
                    context.max_b_frames(0);
                    context.thread_count(config.threads());
                    context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
                    if (config.bitrate() > 0) {
                        context.bit_rate(config.bitrate());
                        context.rc_max_rate(config.bitrate());
                        context.rc_buffer_size(config.bitrate());
                    } else {
                        setOption(context, "crf", Integer.toString(config.crf()));
                    }
                    setOption(context, "preset", config.preset());
                    setOption(context, "tune", "zerolatency");
                    setOption(context, "forced-idr", "1");
                }, opened -> CodecContext.picture(config.width(), config.height(), "allocating the H.264 input picture"));
    }

    private static void setOption(AVCodecContext context, String name, String value) {
        CodecContext.setOption(context, "libx264", name, value);
    }

    /**
     * Encodes one picture. With zerolatency the list holds this picture's packet; a caller must
     * still take a list (x264 may hold a picture back in other settings).
     *
     * @param pts presentation time in {@link #timeBase()}, increasing from call to call
     * @param forceKeyFrame make this picture an IDR (a segment starts here)
     * @throws IllegalArgumentException if the picture is not the configured size or pts does not increase
     */
    public List<EncodedPacket> encode(I420Frame frame, long pts, boolean forceKeyFrame) {
        codec.requireStreaming();
        if (frame.width() != config.width() || frame.height() != config.height()) {
            throw new IllegalArgumentException("picture is " + frame.width() + "x" + frame.height()
                    + ", encoder was opened for " + config.width() + "x" + config.height());
        }
        if (pts <= lastPts) {
            throw new IllegalArgumentException("pts " + pts + " does not follow the last one, " + lastPts);
        }
        lastPts = pts;
        codec.sendPicture(frame, pts, forceKeyFrame, "H.264 input picture", "libx264");
        framesEncoded++;
        return counted(codec.receivePackets(false, RECEIVING));
    }

    /** Ends the stream: the packets x264 still held (none with zerolatency). Encoding stops here. */
    public List<EncodedPacket> flush() {
        return counted(codec.flush(false, "flushing libx264", RECEIVING));
    }

    private List<EncodedPacket> counted(List<EncodedPacket> packets) {
        for (EncodedPacket packet : packets) {
            keyFramesEncoded += packet.keyFrame() ? 1 : 0;
        }
        return packets;
    }

    /** The unit of pts and dts: 1/fps. A new object each call. */
    public AVRational timeBase() {
        return av_make_q(1, config.framesPerSecond());
    }

    /**
     * Fills a muxer's stream parameters: codec, size, pixel format, bitrate and the extradata with
     * SPS and PPS (which MP4 needs for its avcC box).
     */
    public void copyParametersTo(AVCodecParameters parameters) {
        codec.requireOpen();
        AvError.check(avcodec_parameters_from_context(parameters, codec.context), "copying the H.264 parameters");
    }

    public Config config() {
        return config;
    }

    public long framesEncoded() {
        return framesEncoded;
    }

    public long keyFramesEncoded() {
        return keyFramesEncoded;
    }


    /** Frees the codec context, picture and packet; later calls throw. */
    @Override
    public void close() {
        codec.close();
    }
}
