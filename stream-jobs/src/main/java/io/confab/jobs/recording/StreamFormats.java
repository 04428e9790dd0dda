package io.confab.jobs.recording;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;

import io.confab.jobs.recording.output.StreamFormat;
import io.confab.media.codec.AacEncoder;
import io.confab.media.codec.H264Encoder;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;

/** Reads an encoder's stream parameters into the {@link StreamFormat} a segment carries. */
final class StreamFormats {

    private StreamFormats() {
    }

    static StreamFormat of(String name, H264Encoder encoder) {
        return read(name, encoder::copyParametersTo, encoder.timeBase());
    }

    static StreamFormat of(String name, AacEncoder encoder) {
        return read(name, encoder::copyParametersTo, encoder.timeBase());
    }

    private static StreamFormat read(String name, Consumer<AVCodecParameters> copy, AVRational timeBase) {
        AVCodecParameters par = avcodec_parameters_alloc();
        try {
            copy.accept(par);
            byte[] extradata = new byte[Math.max(0, par.extradata_size())];
            if (extradata.length > 0) {
                par.extradata().position(0).get(extradata);
            }
            boolean video = par.codec_type() == avutil.AVMEDIA_TYPE_VIDEO;
            return new StreamFormat(name, par.codec_id(), video, par.width(), par.height(), par.sample_rate(),
                    video ? 0 : par.ch_layout().nb_channels(), timeBase.num(), timeBase.den(), par.initial_padding(), extradata);
        } finally {
            avcodec_parameters_free(par);
        }
    }
}
