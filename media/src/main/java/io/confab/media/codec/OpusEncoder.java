package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.confab.media.audio.AudioSource;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Opus through libopus in avcodec: 48 kHz mono, one 20 ms frame in, one RTP payload out (RFC 7587
 * §4.2 puts exactly one Opus packet in each RTP payload). Tuned for speech ("voip" application).
 * Holds native memory until {@link #close()}; not thread-safe.
 */
public final class OpusEncoder implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    /** About what browsers send for mono speech; RFC 7587 §3.1.1 calls 24-32 kbit/s fullband speech. */
    public static final int DEFAULT_BITRATE = 32_000;

    private final CodecContext codec;
    private final AVCodecContext context;
    /** The input samples: {@link CodecContext#frame}. */
    private final AVFrame frame;
    private final AVPacket packet;
    private long samplesSent;

    public OpusEncoder() {
        this(DEFAULT_BITRATE);
    }

    /** @param bitrate target bits per second, 6 000 to 510 000 (RFC 6716 §2.1.1) */
    public OpusEncoder(int bitrate) {
        FfmpegNatives.load();
        if (bitrate < 6_000 || bitrate > 510_000) {
            throw new IllegalArgumentException("Opus bitrate " + bitrate + " is outside 6000..510000 bit/s");
        }
        this.codec = CodecContext.open("OpusEncoder", avcodec_find_encoder_by_name("libopus"), "this FFmpeg build has no libopus encoder",
                "opening the libopus encoder", context -> {
                    context.sample_rate(AudioSource.SAMPLE_RATE);
                    context.sample_fmt(AV_SAMPLE_FMT_S16);
                    av_channel_layout_default(context.ch_layout(), 1);
                    context.bit_rate(bitrate);
                    context.time_base(av_make_q(1, AudioSource.SAMPLE_RATE));
                    CodecContext.setOption(context, "Opus", "application", "voip");
                    CodecContext.setOption(context, "Opus", "frame_duration", "20");
                }, opened -> {
                    if (opened.frame_size() != AudioSource.SAMPLES_PER_FRAME) {
                        throw new IllegalStateException("libopus chose " + opened.frame_size()
                                + " samples per frame, not " + AudioSource.SAMPLES_PER_FRAME);
                    }
                    AVFrame input = av_frame_alloc();
                    input.nb_samples(AudioSource.SAMPLES_PER_FRAME);
                    input.format(AV_SAMPLE_FMT_S16);
                    input.sample_rate(AudioSource.SAMPLE_RATE);
                    av_channel_layout_default(input.ch_layout(), 1);
                    return CodecContext.withBuffers(input, "allocating the Opus input frame");
                });
        this.context = codec.context;
        this.frame = codec.frame;
        this.packet = codec.packet;
    }

    /**
     * Encodes one 20 ms frame ({@link AudioSource#SAMPLES_PER_FRAME} samples from the start of
     * {@code pcm}) and returns the Opus packet, the whole RTP payload.
     */
    public byte[] encode(short[] pcm) {
        codec.requireOpen();
        AudioSource.requireFrameCapacity(pcm);
        AvError.check(av_frame_make_writable(frame), "making the Opus input frame writable");
        // Fetched after make_writable, which may have given the frame a new buffer.
        new ShortPointer(frame.data(0)).put(pcm, 0, AudioSource.SAMPLES_PER_FRAME);
        frame.pts(samplesSent);
        samplesSent += AudioSource.SAMPLES_PER_FRAME;
        AvError.check(avcodec_send_frame(context, frame), "sending a frame to libopus");
        int received = avcodec_receive_packet(context, packet);
        if (received < 0) {
            // libopus encodes each frame as it comes, so no output here is a local fault.
            throw new IllegalStateException("libopus returned no packet for a frame: " + AvError.describe(received));
        }
        try {
            byte[] payload = new byte[packet.size()];
            packet.data().get(payload);
            return payload;
        } finally {
            av_packet_unref(packet);
        }
    }


    /** Frees the codec context, frame and packet; later calls to {@link #encode} throw. */
    @Override
    public void close() {
        if (codec.closed()) {
            return;
        }
        // Draining takes back the frame libopus keeps for its timing queue, which it would
        // otherwise report as left over; the padding packet that comes out is not sent.
        if (avcodec_send_frame(context, null) >= 0) {
            while (avcodec_receive_packet(context, packet) >= 0) {
                av_packet_unref(packet);
            }
        }
        codec.close();
    }
}
