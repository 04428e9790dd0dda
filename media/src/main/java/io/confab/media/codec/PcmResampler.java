package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_chlayout;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_int;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_sample_fmt;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Audio of any rate, sample format and channel layout to 16-bit mono PCM at one target rate,
 * through FFmpeg's libswresample (its default filter: windowed sinc, which keeps what speech
 * recognition needs below the new Nyquist frequency and removes what would alias). Used by the
 * transcription path (48 kHz Opus → 16 kHz) and by {@link AudioFileDecoder}. The resampler holds a
 * few samples of history between calls, so one instance serves one continuous stream; {@link #flush()}
 * returns the tail at the end. Holds native memory until {@link #close()}; not thread-safe.
 */
public final class PcmResampler implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    private final int outputRate;
    private final SwrContext context;
    private final PointerPointer<BytePointer> output = new PointerPointer<>(1);
    private final PointerPointer<BytePointer> input = new PointerPointer<>(1);
    private BytePointer outputBuffer = new BytePointer(0L);
    private BytePointer inputBuffer = new BytePointer(0L);
    private boolean closed;

    /** For 16-bit mono PCM at {@code inputRate}, e.g. 48 000 (Opus) to 16 000 (Vosk). */
    public PcmResampler(int inputRate, int outputRate) {
        this(mono(), AV_SAMPLE_FMT_S16, inputRate, outputRate);
    }

    /** For frames of the given layout, sample format ({@code AV_SAMPLE_FMT_*}) and rate. */
    PcmResampler(AVChannelLayout inputLayout, int inputFormat, int inputRate, int outputRate) {
        FfmpegNatives.load();
        Loader.load(swresample.class);
        if (inputRate < 1_000 || inputRate > 768_000 || outputRate < 1_000 || outputRate > 768_000) {
            throw new IllegalArgumentException("sample rates " + inputRate + " -> " + outputRate + " are outside 1000..768000 Hz");
        }
        SwrContext allocated = swr_alloc();
        try {
            AvError.check(av_opt_set_chlayout(allocated, "in_chlayout", inputLayout, 0), "setting the input channel layout");
            AvError.check(av_opt_set_chlayout(allocated, "out_chlayout", mono(), 0), "setting the output channel layout");
            AvError.check(av_opt_set_sample_fmt(allocated, "in_sample_fmt", inputFormat, 0), "setting the input sample format");
            AvError.check(av_opt_set_sample_fmt(allocated, "out_sample_fmt", AV_SAMPLE_FMT_S16, 0), "setting the output sample format");
            AvError.check(av_opt_set_int(allocated, "in_sample_rate", inputRate, 0), "setting the input rate");
            AvError.check(av_opt_set_int(allocated, "out_sample_rate", outputRate, 0), "setting the output rate");
            AvError.check(swr_init(allocated), "opening the resampler");
        } catch (RuntimeException e) {
            swr_free(allocated);
            throw e;
        }
        this.context = allocated;
        this.outputRate = outputRate;
    }

    private static AVChannelLayout mono() {
        AVChannelLayout layout = new AVChannelLayout();
        av_channel_layout_default(layout, 1);
        return layout;
    }

    public int outputRate() {
        return outputRate;
    }

    /** Resamples {@code length} samples of 16-bit mono PCM; may return fewer (or more) than length * ratio. */
    public short[] resample(short[] pcm, int offset, int length) {
        requireOpen();
        if (offset < 0 || length < 0 || offset > pcm.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside " + pcm.length + " samples");
        }
        if (inputBuffer.capacity() < 2L * length) {
            inputBuffer.close();
            inputBuffer = new BytePointer(2L * Math.max(length, 960));
        }
        new ShortPointer(inputBuffer).put(pcm, offset, length);
        input.put(0, inputBuffer);
        return convert(input, length);
    }

    /** Resamples one decoded frame (its own format, as given to the constructor). */
    short[] resample(AVFrame frame) {
        requireOpen();
        return convert(frame.extended_data(), frame.nb_samples());
    }

    /** The samples still held in the filter's history; the stream ends here. */
    public short[] flush() {
        requireOpen();
        return convert(null, 0);
    }

    private short[] convert(PointerPointer<?> in, int inSamples) {
        int capacity = swr_get_out_samples(context, inSamples);
        if (capacity <= 0) {
            return new short[0];
        }
        if (outputBuffer.capacity() < 2L * capacity) {
            outputBuffer.close();
            outputBuffer = new BytePointer(2L * capacity);
        }
        output.put(0, outputBuffer);
        int produced = AvError.check(swr_convert(context, output, capacity, in, inSamples), "resampling");
        short[] out = new short[produced];
        new ShortPointer(outputBuffer).get(out);
        return out;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("PcmResampler is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        swr_free(context);
        outputBuffer.close();
        inputBuffer.close();
        output.close();
        input.close();
    }
}
