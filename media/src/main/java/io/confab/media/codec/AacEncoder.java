package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
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

    private final int channels;
    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final int frameSize;
    private final float[] plane;
    private long lastPts = Long.MIN_VALUE;
    private boolean flushed;
    private boolean closed;

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
        AVCodec codec = avcodec_find_encoder_by_name("aac");
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("this FFmpeg build has no aac encoder");
        }
        AVCodecContext opened = avcodec_alloc_context3(codec);
        AVFrame allocatedFrame = null;
        try {
            opened.sample_rate(SAMPLE_RATE);
            opened.sample_fmt(AV_SAMPLE_FMT_FLTP);
            av_channel_layout_default(opened.ch_layout(), channels);
            opened.bit_rate(bitrate);
            opened.time_base(av_make_q(1, SAMPLE_RATE));
            opened.flags(opened.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            AvError.check(avcodec_open2(opened, codec, (AVDictionary) null), "opening the aac encoder");
            allocatedFrame = av_frame_alloc();
            allocatedFrame.nb_samples(opened.frame_size());
            allocatedFrame.format(AV_SAMPLE_FMT_FLTP);
            allocatedFrame.sample_rate(SAMPLE_RATE);
            av_channel_layout_default(allocatedFrame.ch_layout(), channels);
            AvError.check(av_frame_get_buffer(allocatedFrame, 0), "allocating the AAC input frame");
        } catch (RuntimeException e) {
            avcodec_free_context(opened);
            if (allocatedFrame != null) {
                av_frame_free(allocatedFrame);
            }
            throw e;
        }
        this.channels = channels;
        this.context = opened;
        this.frame = allocatedFrame;
        this.frameSize = opened.frame_size();
        this.plane = new float[frameSize];
        this.packet = av_packet_alloc();
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
        requireOpen();
        if (flushed) {
            throw new IllegalStateException("AacEncoder was flushed; the stream has ended");
        }
        if (interleavedPcm.length != frameSize * channels) {
            throw new IllegalArgumentException("an AAC frame is " + frameSize + " samples × " + channels
                    + " channels = " + frameSize * channels + " values, got " + interleavedPcm.length);
        }
        if (lastPts != Long.MIN_VALUE && pts < lastPts + frameSize) {
            throw new IllegalArgumentException("pts " + pts + " overlaps the last frame at " + lastPts);
        }
        lastPts = pts;
        AvError.check(av_frame_make_writable(frame), "making the AAC input frame writable");
        // Planar float in -1..1: one plane per channel. 32768 maps the 16-bit range onto it exactly.
        for (int channel = 0; channel < channels; channel++) {
            for (int i = 0; i < frameSize; i++) {
                plane[i] = interleavedPcm[i * channels + channel] / 32768f;
            }
            // Fetched after make_writable, which may have given the frame new buffers.
            new FloatPointer(frame.data(channel)).put(plane);
        }
        frame.pts(pts);
        AvError.check(avcodec_send_frame(context, frame), "sending a frame to the aac encoder");
        return receivePackets();
    }

    /** Ends the stream: the packets the encoder still held. Encoding stops here. */
    public List<EncodedPacket> flush() {
        requireOpen();
        if (flushed) {
            return List.of();
        }
        flushed = true;
        AvError.check(avcodec_send_frame(context, null), "flushing the aac encoder");
        return receivePackets();
    }

    private List<EncodedPacket> receivePackets() {
        List<EncodedPacket> packets = new ArrayList<>(2);
        while (true) {
            int received = avcodec_receive_packet(context, packet);
            if (received == AvError.EAGAIN || received == AVERROR_EOF) {
                return packets;
            }
            AvError.check(received, "receiving an AAC packet");
            try {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                packets.add(new EncodedPacket(data, packet.pts(), packet.dts(), true));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** The unit of pts and dts: 1/48000. A new object each call. */
    public AVRational timeBase() {
        return av_make_q(1, SAMPLE_RATE);
    }

    /** Fills a muxer's stream parameters, AudioSpecificConfig extradata and initial padding included. */
    public void copyParametersTo(AVCodecParameters parameters) {
        requireOpen();
        AvError.check(avcodec_parameters_from_context(parameters, context), "copying the AAC parameters");
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("AacEncoder is closed");
        }
    }

    /** Frees the codec context, frame and packet; later calls throw. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
    }
}
