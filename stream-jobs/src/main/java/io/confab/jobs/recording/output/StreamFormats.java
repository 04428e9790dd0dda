package io.confab.jobs.recording.output;

import io.confab.media.codec.FfmpegNatives;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;

import io.confab.media.codec.AacEncoder;
import io.confab.media.codec.H264Encoder;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;

/** Reads an encoder's (or a demuxed stream's) parameters into the {@link StreamFormat} a muxer is given. */
public final class StreamFormats {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }

    private StreamFormats() {
    }

    public static StreamFormat of(String name, H264Encoder encoder) {
        return fromEncoder(name, encoder::copyParametersTo, encoder.timeBase());
    }

    public static StreamFormat of(String name, AacEncoder encoder) {
        return fromEncoder(name, encoder::copyParametersTo, encoder.timeBase());
    }

    /** A stream read from a file, to be copied into another as it is. */
    public static StreamFormat of(String name, AVStream stream) {
        return read(name, stream.codecpar(), stream.time_base());
    }

    private static StreamFormat fromEncoder(String name, Consumer<AVCodecParameters> copy, AVRational timeBase) {
        AVCodecParameters par = avcodec_parameters_alloc();
        try {
            copy.accept(par);
            return read(name, par, timeBase);
        } finally {
            avcodec_parameters_free(par);
        }
    }

    private static StreamFormat read(String name, AVCodecParameters par, AVRational timeBase) {
        byte[] extradata = new byte[Math.max(0, par.extradata_size())];
        if (extradata.length > 0) {
            par.extradata().position(0).get(extradata);
        }
        boolean video = par.codec_type() == avutil.AVMEDIA_TYPE_VIDEO;
        return new StreamFormat(name, par.codec_id(), video, par.width(), par.height(), par.sample_rate(),
                video ? 0 : par.ch_layout().nb_channels(), timeBase.num(), timeBase.den(), par.initial_padding(), extradata);
    }
}
