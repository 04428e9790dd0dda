package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.confab.media.file.MediaFormatException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The first audio stream of a local file in any container and codec FFmpeg reads (WAV, the
 * recording's M4A, MP3, Ogg/Opus, the audio of an MP4), decoded and resampled to 16-bit mono PCM at
 * the rate the caller asks for: the batch transcription's input stage. Pull-style, in chunks of a
 * few hundred milliseconds, so an hour of audio never sits in memory at once.
 *
 * <p>A file that is missing, not media, or has no audio stream fails at {@link #open} with a
 * {@link MediaFormatException} naming the file and the problem. Holds native memory until
 * {@link #close()}; not thread-safe.
 */
public final class AudioFileDecoder implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    private final Path file;
    private final int outputRate;
    private final AVFormatContext format;
    private final AVCodecContext codec;
    private final int streamIndex;
    private final Duration duration;
    private final Duration start;
    private final String codecName;
    private final AVPacket packet;
    private final AVFrame frame;
    private PcmResampler resampler;
    private boolean inputEnded;
    private boolean flushed;
    private long samplesOut;
    private boolean closed;

    private AudioFileDecoder(Path file, int outputRate, AVFormatContext format, AVCodecContext codec, int streamIndex,
                             Duration duration, Duration start, String codecName) {
        this.file = file;
        this.outputRate = outputRate;
        this.format = format;
        this.codec = codec;
        this.streamIndex = streamIndex;
        this.duration = duration;
        this.start = start;
        this.codecName = codecName;
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
    }

    /** Opens {@code file} and its best audio stream; {@code outputRate} is the rate of what {@link #read()} returns. */
    public static AudioFileDecoder open(Path file, int outputRate) throws MediaFormatException {
        FfmpegNatives.load();
        Loader.load(avformat.class);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new MediaFormatException(file + ": no such readable file");
        }
        AVFormatContext format = new AVFormatContext(null);
        int opened = avformat_open_input(format, file.toString(), (AVInputFormat) null, (AVDictionary) null);
        if (opened < 0) {
            throw new MediaFormatException(file + ": not a media file FFmpeg reads (" + AvError.describe(opened) + ")");
        }
        AVCodecContext codec = null;
        try {
            int info = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (info < 0) {
                throw new MediaFormatException(file + ": cannot read its streams (" + AvError.describe(info) + ")");
            }
            int index = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
            if (index < 0) {
                throw new MediaFormatException(file + ": has no audio stream");
            }
            AVCodec decoder = avcodec_find_decoder(format.streams(index).codecpar().codec_id());
            if (decoder == null || decoder.isNull()) {
                throw new MediaFormatException(file + ": no decoder in this FFmpeg build for its audio codec (id "
                        + format.streams(index).codecpar().codec_id() + ")");
            }
            codec = avcodec_alloc_context3(decoder);
            AvError.check(avcodec_parameters_to_context(codec, format.streams(index).codecpar()), "copying the stream parameters");
            codec.thread_count(1);
            int codecOpened = avcodec_open2(codec, decoder, (AVDictionary) null);
            if (codecOpened < 0) {
                throw new MediaFormatException(file + ": cannot open its " + decoder.name().getString() + " decoder ("
                        + AvError.describe(codecOpened) + ")");
            }
            long micros = format.duration();
            Duration duration = micros == AV_NOPTS_VALUE || micros <= 0 ? null
                    : Duration.ofNanos(micros * (1_000_000_000L / AV_TIME_BASE));
            // A participant's track from a recording begins where they began on the recording's
            // timeline (its first packet's time); the decoded samples start at that instant.
            var stream = format.streams(index);
            long first = stream.start_time();
            Duration start = first == AV_NOPTS_VALUE || first <= 0 ? Duration.ZERO
                    : Duration.ofNanos(Math.round(first * 1e9 * stream.time_base().num() / stream.time_base().den()));
            return new AudioFileDecoder(file, outputRate, format, codec, index, duration, start, decoder.name().getString());
        } catch (MediaFormatException | RuntimeException e) {
            if (codec != null) {
                avcodec_free_context(codec);
            }
            avformat_close_input(format);
            throw e;
        }
    }

    /** The container's duration, when it states one (for progress); empty for streams that do not. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** Where the audio stream's first sample sits on the file's timeline (zero for most files; never negative). */
    public Duration start() {
        return start;
    }

    public String codecName() {
        return codecName;
    }

    public int outputRate() {
        return outputRate;
    }

    /** Samples returned so far, at the output rate: the position in the file. */
    public long samplesRead() {
        return samplesOut;
    }

    /**
     * The next chunk of 16-bit mono PCM at the output rate (at least one sample), or null at the end
     * of the file. A corrupt packet in the middle is skipped, as players do.
     */
    public short[] read() throws MediaFormatException {
        requireOpen();
        while (true) {
            int received = avcodec_receive_frame(codec, frame);
            if (received >= 0) {
                short[] pcm;
                try {
                    pcm = resamplerFor(frame).resample(frame);
                } finally {
                    av_frame_unref(frame);
                }
                if (pcm.length > 0) {
                    samplesOut += pcm.length;
                    return pcm;
                }
                continue;
            }
            if (received != AvError.EAGAIN) {
                // AVERROR_EOF: the decoder gave everything; the resampler's tail ends the stream.
                if (!flushed && resampler != null) {
                    flushed = true;
                    short[] tail = resampler.flush();
                    if (tail.length > 0) {
                        samplesOut += tail.length;
                        return tail;
                    }
                }
                return null;
            }
            if (inputEnded) {
                return null;
            }
            feedPacket();
        }
    }

    private void feedPacket() throws MediaFormatException {
        while (true) {
            int read = av_read_frame(format, packet);
            if (read < 0) {
                inputEnded = true;
                avcodec_send_packet(codec, null);
                return;
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                int sent = avcodec_send_packet(codec, packet);
                if (sent < 0 && sent != AvError.EAGAIN) {
                    // One bad packet: skip it, the next may decode.
                    continue;
                }
                return;
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private PcmResampler resamplerFor(AVFrame decoded) {
        if (resampler == null) {
            AVChannelLayout layout = decoded.ch_layout();
            if (layout.order() == AV_CHANNEL_ORDER_UNSPEC) {
                // WAV and raw formats may give only a count; assume the usual layout for it.
                int channels = layout.nb_channels();
                layout = new AVChannelLayout();
                av_channel_layout_default(layout, channels);
            }
            resampler = new PcmResampler(layout, decoded.format(), decoded.sample_rate(), outputRate);
        }
        return resampler;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("AudioFileDecoder for " + file + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (resampler != null) {
            resampler.close();
        }
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(codec);
        avformat_close_input(format);
    }
}
