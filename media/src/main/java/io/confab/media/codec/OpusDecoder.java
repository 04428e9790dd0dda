package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Decodes Opus RTP payloads (RFC 7587: one Opus packet per payload, 48 kHz clock) to 16-bit PCM at
 * 48 kHz, mono or stereo whatever the sender coded (libopus mixes down or up), through libopus in
 * avcodec.
 *
 * <p>A lost packet is concealed by libopus's own packet loss concealment: {@link #conceal(int)}
 * hands libopus a packet that is only a TOC byte, which RFC 6716 §3.2.1 lets a sender use for a
 * lost or DTX frame, and libopus answers with PLC audio for the TOC's frame duration that
 * continues the last frames' pitch and fades out over a few frames. The decoder state stays in step,
 * so the next real packet follows on without a click.
 *
 * <p>Payloads come from the network: a bad one gives {@link Result.Failed} with the reason and the
 * decoder goes on; nothing here throws for input, and nothing reaches libopus that could make it
 * read out of bounds (FFmpeg pads every packet). Holds native memory until {@link #close()}; not
 * thread-safe.
 */
public final class OpusDecoder implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    public static final int SAMPLE_RATE = 48_000;
    /** RFC 6716 §3.2.5: a packet holds at most 120 ms. */
    public static final int MAX_SAMPLES_PER_PACKET = SAMPLE_RATE * 120 / 1000;
    /** RFC 6716 §3.1 config 31: CELT fullband 20 ms, the concealment step before any packet came. */
    private static final int DEFAULT_CONCEAL_TOC = 31 << 3;
    /** What one payload gave. */
    public sealed interface Result {
        /** @param pcm interleaved samples, {@code samplesPerChannel * channels} of them */
        record Pcm(short[] pcm, int samplesPerChannel) implements Result {
        }

        /** @param reason what was wrong, for a counter's label or a dead letter */
        record Failed(Problem problem, String reason) implements Result {
        }
    }

    /** Why a payload gave no audio. */
    public enum Problem {
        /** No bytes (RFC 7587 §4.2 needs at least the TOC byte). */
        EMPTY,
        /** libopus refused the packet (RFC 6716 §3.4's rules: bad frame count, lengths, padding). */
        MALFORMED
    }

    private final int channels;
    private final CodecContext codec;
    /** The decoded audio: {@link CodecContext#frame}. */
    private final AVFrame frame;
    /** The last good packet's TOC byte with code 0 (one frame): what {@link #conceal} sends. */
    private int concealToc = DEFAULT_CONCEAL_TOC;
    private long packetsDecoded;
    private long packetsFailed;
    private long samplesConcealed;

    /** @param channels 1 (mono) or 2 (stereo, interleaved L R) output */
    public OpusDecoder(int channels) {
        FfmpegNatives.load();
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("Opus output is mono or stereo, not " + channels + " channels");
        }
        this.codec = CodecContext.open("OpusDecoder", avcodec_find_decoder_by_name("libopus"),
                "this FFmpeg build has no libopus decoder (needed for loss concealment)", "opening the libopus decoder",
                context -> {
                    context.sample_rate(SAMPLE_RATE);
                    av_channel_layout_default(context.ch_layout(), channels);
                    context.request_sample_fmt(AV_SAMPLE_FMT_S16);
                    context.thread_count(1);
                }, CodecContext::emptyFrame);
        if (codec.context.sample_fmt() != AV_SAMPLE_FMT_S16) {
            int format = codec.context.sample_fmt();
            codec.close();
            throw new IllegalStateException("libopus decodes to sample format " + format + ", not s16");
        }
        this.channels = channels;
        this.frame = codec.frame;
    }

    public Result decode(byte[] payload) {
        return decode(payload, 0, payload == null ? 0 : payload.length);
    }

    /** Decodes one RTP payload (one Opus packet, 2.5 to 120 ms). */
    public Result decode(byte[] payload, int offset, int length) {
        codec.requireOpen();
        if (payload == null || length <= 0 || offset < 0 || offset > payload.length - length) {
            // FFmpeg would take an empty packet as the end of the stream.
            packetsFailed++;
            return new Result.Failed(Problem.EMPTY, "empty Opus payload");
        }
        Result result = decodePacket(payload, offset, length);
        if (result instanceof Result.Pcm) {
            packetsDecoded++;
            concealToc = (payload[offset] & 0xFF) & ~0x03;
        } else {
            packetsFailed++;
        }
        return result;
    }

    /**
     * Audio for {@code samples} per channel that were lost, continuing from the last packet by
     * libopus's packet loss concealment, in steps of the last packet's frame duration; the last
     * step is cut to fit. Before any packet, concealment is silence.
     */
    public short[] conceal(int samples) {
        codec.requireOpen();
        if (samples < 0 || samples > 10 * SAMPLE_RATE) {
            throw new IllegalArgumentException("cannot conceal " + samples + " samples (0..10 s)");
        }
        short[] out = new short[samples * channels];
        int filled = 0;
        byte[] tocOnly = {(byte) concealToc};
        while (filled < samples) {
            Result step = decodePacket(tocOnly, 0, 1);
            if (!(step instanceof Result.Pcm pcm) || pcm.samplesPerChannel() == 0) {
                // libopus gave nothing: leave the rest silent rather than loop.
                break;
            }
            int take = Math.min(pcm.samplesPerChannel(), samples - filled);
            System.arraycopy(pcm.pcm(), 0, out, filled * channels, take * channels);
            filled += take;
        }
        samplesConcealed += samples;
        return out;
    }

    private Result decodePacket(byte[] payload, int offset, int length) {
        int sent = codec.sendPacket(payload, offset, length, "allocating an Opus packet");
        if (sent < 0) {
            return new Result.Failed(Problem.MALFORMED, "libopus refused the packet: " + AvError.describe(sent));
        }
        int received = avcodec_receive_frame(codec.context, frame);
        if (received < 0) {
            return new Result.Failed(Problem.MALFORMED, "libopus gave no audio: " + AvError.describe(received));
        }
        try {
            int samples = frame.nb_samples();
            if (samples < 0 || samples > MAX_SAMPLES_PER_PACKET || frame.ch_layout().nb_channels() != channels) {
                return new Result.Failed(Problem.MALFORMED, "libopus gave " + samples + " samples in "
                        + frame.ch_layout().nb_channels() + " channels");
            }
            short[] pcm = new short[samples * channels];
            new ShortPointer(frame.data(0)).get(pcm);
            return new Result.Pcm(pcm, samples);
        } finally {
            av_frame_unref(frame);
        }
    }


    public int channels() {
        return channels;
    }

    public long packetsDecoded() {
        return packetsDecoded;
    }

    /** Payloads that gave no audio ({@link Result.Failed}). */
    public long packetsFailed() {
        return packetsFailed;
    }

    /** Samples per channel made up by {@link #conceal}. */
    public long samplesConcealed() {
        return samplesConcealed;
    }

    @Override
    public void close() {
        codec.close();
    }

    @Override
    public String toString() {
        return "OpusDecoder[" + channels + " ch, decoded " + packetsDecoded + ", failed " + packetsFailed
                + ", concealed " + samplesConcealed + " samples]";
    }
}
