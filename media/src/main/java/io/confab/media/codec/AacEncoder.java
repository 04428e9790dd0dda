package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.FloatPointer;

/**
 * AAC-LC through FFmpeg's native "aac" encoder (LGPL, in every build) at 48 kHz, mono or stereo,
 * for the recording's MP4 and M4A. Input is interleaved 16-bit PCM, one encoder frame ({@link
 * #frameSize()}, 1024 samples per channel) per call; it is turned into the planar float the encoder
 * takes here (same rate, so no resampler). The encoder starts with {@code initial_padding} samples
 * of priming (1024), so its first packet comes one call late and packets' pts run that far behind
 * the input's: a muxer writes the edit list from it. Time base 1/48000: pts counts samples.
 * Extradata (the AudioSpecificConfig MP4's esds needs) comes with {@link #copyParametersTo}. Holds
 * native memory until {@link #close()}; not thread-safe.
 */
public final class AacEncoder implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    public static final int SAMPLE_RATE = 48_000;
    /** Every AAC packet decodes on its own. */
    private static final boolean EVERY_PACKET_KEY = true;

    private final int channels;
    private final CodecContext codec;
    private final int frameSize;
    private final float[] plane;
    private long lastPts = Long.MIN_VALUE;

    /**
     * @param channels 1 or 2
     * @param bitrate bits per second, e.g. 128 000 for stereo speech and music
     */
    public AacEncoder(int channels, int bitrate) {
        FfmpegNatives.load();
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("AAC input is mono or stereo, not " + channels + " channels");
        }
        if (bitrate < 16_000 || bitrate > 512_000) {
            throw new IllegalArgumentException("AAC bitrate " + bitrate + " is outside 16000..512000 bit/s");
        }
        this.codec = CodecContext.open("AacEncoder", avcodec_find_encoder_by_name("aac"), "this FFmpeg build has no aac encoder",
                "opening the aac encoder", context -> {
                    context.sample_rate(SAMPLE_RATE);
                    context.sample_fmt(AV_SAMPLE_FMT_FLTP);
                    av_channel_layout_default(context.ch_layout(), channels);
                    context.bit_rate(bitrate);
                    context.time_base(av_make_q(1, SAMPLE_RATE));
                    context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
                }, opened -> {
                    AVFrame input = av_frame_alloc();
                    input.nb_samples(opened.frame_size());
                    input.format(AV_SAMPLE_FMT_FLTP);
                    input.sample_rate(SAMPLE_RATE);
                    av_channel_layout_default(input.ch_layout(), channels);
                    return CodecContext.withBuffers(input, "allocating the AAC input frame");
                });
        this.channels = channels;
        this.frameSize = codec.context.frame_size();
        this.plane = new float[frameSize];
    }

    /** Samples per channel in every call to {@link #encode}: 1024 for AAC-LC. */
    public int frameSize() {
        return frameSize;
    }

    public int channels() {
        return channels;
    }

    /**
     * Encodes one frame.
     *
     * @param interleavedPcm exactly {@link #frameSize()} × channels samples, L R L R for stereo
     * @param pts the first sample's time in samples (1/48000), increasing by at least a frame per call
     * @return the packets that came out (none for the first call, one after)
     */
    public List<EncodedPacket> encode(short[] interleavedPcm, long pts) {
        codec.requireStreaming();
        if (interleavedPcm.length != frameSize * channels) {
            throw new IllegalArgumentException("an AAC frame is " + frameSize + " samples × " + channels
                    + " channels = " + frameSize * channels + " values, got " + interleavedPcm.length);
        }
        if (lastPts != Long.MIN_VALUE && pts < lastPts + frameSize) {
            throw new IllegalArgumentException("pts " + pts + " overlaps the last frame at " + lastPts);
        }
        lastPts = pts;
        AvError.check(av_frame_make_writable(codec.frame), "making the AAC input frame writable");
        // Planar float in -1..1: one plane per channel. 32768 maps the 16-bit range onto it exactly.
        for (int channel = 0; channel < channels; channel++) {
            for (int i = 0; i < frameSize; i++) {
                plane[i] = interleavedPcm[i * channels + channel] / 32768f;
            }
            // Fetched after make_writable, which may have given the frame new buffers.
            new FloatPointer(codec.frame.data(channel)).put(plane);
        }
        codec.frame.pts(pts);
        AvError.check(avcodec_send_frame(codec.context, codec.frame), "sending a frame to the aac encoder");
        return codec.receivePackets(EVERY_PACKET_KEY, "receiving an AAC packet");
    }

    /** Ends the stream: the packets the encoder still held. Encoding stops here. */
    public List<EncodedPacket> flush() {
        return codec.flush(EVERY_PACKET_KEY, "flushing the aac encoder", "receiving an AAC packet");
    }

    /** The unit of pts and dts: 1/48000. A new object each call. */
    public AVRational timeBase() {
        return av_make_q(1, SAMPLE_RATE);
    }

    /** Fills a muxer's stream parameters, AudioSpecificConfig extradata and initial padding included. */
    public void copyParametersTo(AVCodecParameters parameters) {
        codec.requireOpen();
        AvError.check(avcodec_parameters_from_context(parameters, codec.context), "copying the AAC parameters");
    }


    /** Frees the codec context, frame and packet; later calls throw. */
    @Override
    public void close() {
        codec.close();
    }
}
