package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.confab.media.picture.I420Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/**
 * FFmpeg's own decoders ("h264", "aac") set up from an encoder's stream parameters, the way a
 * player reads them from the MP4: proof that what our encoders hand a muxer decodes.
 */
final class TestDecoder implements AutoCloseable {
    private final AVCodecContext context;
    private final AVFrame frame = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();

    TestDecoder(String name, Consumer<AVCodecParameters> parameters) {
        FfmpegNatives.load();
        AVCodec codec = avcodec_find_decoder_by_name(name);
        context = avcodec_alloc_context3(codec);
        AVCodecParameters streamParameters = avcodec_parameters_alloc();
        parameters.accept(streamParameters);
        AvError.check(avcodec_parameters_to_context(context, streamParameters), "parameters to " + name);
        avcodec_parameters_free(streamParameters);
        context.thread_count(1);
        AvError.check(avcodec_open2(context, codec, (AVDictionary) null), "opening " + name);
    }

    /** The pictures that came out for this packet (null: flush). */
    List<I420Frame> pictures(byte[] data) {
        List<I420Frame> pictures = new ArrayList<>();
        send(data);
        while (avcodec_receive_frame(context, frame) >= 0) {
            if (frame.format() != AV_PIX_FMT_YUV420P) {
                throw new AssertionError("decoded pixel format " + frame.format());
            }
            I420Frame picture = new I420Frame(frame.width(), frame.height());
            I420Planes.copyOut(frame, picture);
            pictures.add(picture);
            av_frame_unref(frame);
        }
        return pictures;
    }

    /** The audio that came out for this packet (null: flush), one float array per channel. */
    List<float[][]> audio(byte[] data) {
        List<float[][]> out = new ArrayList<>();
        send(data);
        while (avcodec_receive_frame(context, frame) >= 0) {
            if (frame.format() != AV_SAMPLE_FMT_FLTP) {
                throw new AssertionError("decoded sample format " + frame.format());
            }
            int channels = frame.ch_layout().nb_channels();
            float[][] planes = new float[channels][frame.nb_samples()];
            for (int channel = 0; channel < channels; channel++) {
                new FloatPointer(frame.data(channel)).get(planes[channel]);
            }
            out.add(planes);
            av_frame_unref(frame);
        }
        return out;
    }

    private void send(byte[] data) {
        if (data == null) {
            avcodec_send_packet(context, null);
            return;
        }
        AvError.check(av_new_packet(packet, data.length), "packet");
        packet.data().put(data);
        int sent = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        AvError.check(sent, "decoding");
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
    }
}
