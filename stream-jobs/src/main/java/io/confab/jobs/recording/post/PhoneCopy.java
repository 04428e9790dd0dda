package io.confab.jobs.recording.post;

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
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import io.confab.jobs.recording.output.FfmpegCalls;
import io.confab.jobs.recording.output.Mp4Writer;
import io.confab.jobs.recording.output.StreamFormats;
import io.confab.jobs.recording.output.SegmentPacket;
import io.confab.jobs.recording.output.StreamFormat;
import io.confab.media.codec.EncodedPacket;
import io.confab.media.codec.FfmpegNatives;
import io.confab.media.codec.H264Encoder;
import io.confab.media.codec.I420Planes;
import io.confab.media.picture.I420Frame;
import io.confab.media.picture.I420Scaler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.Loader;

/**
 * The phone copy of a recording: the composite MP4 decoded, shrunk to 640x360 and encoded again
 * at a phone's bitrate, the AAC copied as it is; and, from the same pass, evenly spaced stills for
 * the contact sheet. One decode serves both.
 */
public final class PhoneCopy {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }

    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    static final int BITRATE = 500_000;

    /** What one pass produced: the stills (time in ms, picture) for the contact sheet. */
    public record Result(List<ContactSheet.Still> stills, double durationSeconds) { }

    private PhoneCopy() {
    }

    /** Writes {@code out} (MP4) from {@code in} and returns up to {@code stills} pictures spread over its length. */
    public static Result transcode(Path in, Path out, int stills) throws IOException {
        FfmpegNatives.load();
        Loader.load(avformat.class);
        AVFormatContext input = new AVFormatContext(null);
        check(avformat_open_input(input, in.toString(), null, (AVDictionary) null), "open " + in);
        AVCodecContext decoder = null;
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        H264Encoder encoder = null;
        Mp4Writer writer = null;
        try {
            check(avformat_find_stream_info(input, (AVDictionary) null), "read the streams of " + in);
            int videoIndex = -1;
            int audioIndex = -1;
            for (int i = 0; i < input.nb_streams(); i++) {
                int type = input.streams(i).codecpar().codec_type();
                if (type == AVMEDIA_TYPE_VIDEO && videoIndex < 0) {
                    videoIndex = i;
                } else if (type == AVMEDIA_TYPE_AUDIO && audioIndex < 0) {
                    audioIndex = i;
                }
            }
            if (videoIndex < 0) {
                throw new IOException(in.getFileName() + " has no video stream");
            }
            AVStream video = input.streams(videoIndex);
            double duration = input.duration() > 0 ? input.duration() / 1e6 : 0;
            AVCodec codec = avcodec_find_decoder(video.codecpar().codec_id());
            decoder = avcodec_alloc_context3(codec);
            check(avcodec_parameters_to_context(decoder, video.codecpar()), "configure the video decoder");
            decoder.thread_count(1);
            check(avcodec_open2(decoder, codec, (AVDictionary) null), "open the video decoder");
            AVRational rate = video.avg_frame_rate();
            int fps = rate.num() > 0 && rate.den() > 0 ? (int) Math.max(1, Math.round(av_q2d(rate))) : 25;
            encoder = new H264Encoder(H264Encoder.Config.bitrate(WIDTH, HEIGHT, fps, BITRATE).withKeyFrameInterval(2 * fps).withThreads(1));
            List<StreamFormat> formats = new ArrayList<>();
            formats.add(StreamFormats.of("video", encoder));
            if (audioIndex >= 0) {
                formats.add(StreamFormats.of("audio", input.streams(audioIndex)));
            }
            writer = new Mp4Writer(out, "mp4", formats);
            AVRational videoTimeBase = video.time_base();
            AVRational audioTimeBase = audioIndex >= 0 ? input.streams(audioIndex).time_base() : null;
            Stills picker = new Stills(stills, duration);
            I420Frame picture = null;
            I420Frame small = new I420Frame(WIDTH, HEIGHT);
            I420Scaler scaler = null;
            long frames = 0;
            while (av_read_frame(input, packet) >= 0) {
                try {
                    if (packet.stream_index() == audioIndex) {
                        byte[] data = new byte[packet.size()];
                        packet.data().get(data);
                        long pts = packet.pts();
                        writer.write(new SegmentPacket("audio", pts, packet.dts(), true, data));
                    } else if (packet.stream_index() == videoIndex) {
                        check(avcodec_send_packet(decoder, packet), "decode the video");
                        while (true) {
                            int got = avcodec_receive_frame(decoder, frame);
                            if (got == AVERROR_EAGAIN() || got == AVERROR_EOF) {
                                break;
                            }
                            check(got, "decode the video");
                            if (frame.format() != AV_PIX_FMT_YUV420P) {
                                throw new IOException("the recording's video is pixel format " + frame.format() + ", not YUV420P");
                            }
                            if (picture == null || picture.width() != frame.width() || picture.height() != frame.height()) {
                                picture = new I420Frame(frame.width(), frame.height());
                                scaler = new I420Scaler(frame.width(), frame.height(), WIDTH, HEIGHT);
                            }
                            I420Planes.copyOut(frame, picture);
                            scaler.scale(picture, small);
                            double seconds = frame.best_effort_timestamp() * av_q2d(videoTimeBase);
                            picker.offer(seconds, small);
                            for (EncodedPacket p : encoder.encode(small, frames++, false)) {
                                writer.write(new SegmentPacket("video", p.pts(), p.dts(), p.keyFrame(), p.data()));
                            }
                        }
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            for (EncodedPacket p : encoder.flush()) {
                writer.write(new SegmentPacket("video", p.pts(), p.dts(), p.keyFrame(), p.data()));
            }
            writer.finish();
            if (frames == 0) {
                throw new IOException(in.getFileName() + " has no decodable video frame");
            }
            return new Result(picker.stills(), duration);
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (encoder != null) {
                encoder.close();
            }
            if (decoder != null) {
                avcodec_free_context(decoder);
            }
            av_frame_free(frame);
            av_packet_free(packet);
            avformat_close_input(input);
        }
    }

    /** Keeps the first picture at or after each of {@code count} evenly spaced times. */
    private static final class Stills {
        private final double[] at;
        private final List<ContactSheet.Still> stills = new ArrayList<>();

        Stills(int count, double duration) {
            at = new double[count];
            for (int i = 0; i < count; i++) {
                at[i] = duration * (i + 0.5) / count;
            }
        }

        void offer(double seconds, I420Frame picture) {
            if (stills.size() < at.length && seconds >= at[stills.size()]) {
                stills.add(new ContactSheet.Still(Math.round(seconds * 1000), picture.copy()));
            }
        }

        List<ContactSheet.Still> stills() {
            return stills;
        }
    }

    private static void check(int result, String what) throws IOException {
        FfmpegCalls.check(result, what);
    }
}
