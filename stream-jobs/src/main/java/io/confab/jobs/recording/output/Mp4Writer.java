package io.confab.jobs.recording.output;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import io.confab.media.codec.FfmpegNatives;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Muxes already-encoded packets into an MP4 (or M4A) file with the index at the front
 * ({@code movflags=+faststart}), so a browser starts playing before the whole file is loaded.
 * Streams are declared from their {@link StreamFormat}; the encoders' priming (AAC's first 1024
 * samples) becomes the file's edit list, and a stream whose first packet is later than zero
 * starts later in the file's timeline, as the meeting had it.
 *
 * <p>Packets must come in decoding order per stream; one whose decoding time does not advance
 * (the overlap an encoder rebuilt after a crash produces at the segment it restarted in) is
 * dropped and counted, never written out of order.
 */
public final class Mp4Writer implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }

    private final Path file;
    private final AVFormatContext context;
    private final Map<String, Integer> streamIndex = new HashMap<>();
    private final List<AVRational> sourceTimeBases = new ArrayList<>();
    private final List<Long> lastDts = new ArrayList<>();
    private final AVPacket packet;
    private boolean headerWritten;
    private boolean closed;
    private long written;
    private long droppedOutOfOrder;

    /** {@code format} is FFmpeg's muxer name: "mp4", or "ipod" for .m4a. */
    public Mp4Writer(Path file, String format, List<StreamFormat> streams) throws IOException {
        FfmpegNatives.load();
        Loader.load(avformat.class);
        this.file = file;
        this.context = new AVFormatContext(null);
        check(avformat_alloc_output_context2(context, null, format, file.toString()), "open the " + format + " muxer");
        for (StreamFormat format1 : streams) {
            AVStream stream = avformat_new_stream(context, null);
            if (stream == null) {
                throw new IOException("cannot add stream " + format1.name() + " to " + file);
            }
            AVCodecParameters par = stream.codecpar();
            par.codec_id(format1.codecId());
            if (format1.video()) {
                par.codec_type(AVMEDIA_TYPE_VIDEO);
                par.width(format1.width());
                par.height(format1.height());
                par.format(AV_PIX_FMT_YUV420P);
            } else {
                par.codec_type(AVMEDIA_TYPE_AUDIO);
                par.sample_rate(format1.sampleRate());
                av_channel_layout_default(par.ch_layout(), format1.channels());
                par.format(AV_SAMPLE_FMT_FLTP);
                par.frame_size(1024);
                par.initial_padding(format1.initialPadding());
            }
            byte[] extra = format1.extradata();
            if (extra.length > 0) {
                BytePointer data = new BytePointer(av_mallocz(extra.length + AV_INPUT_BUFFER_PADDING_SIZE));
                data.put(extra);
                par.extradata(data);
                par.extradata_size(extra.length);
            }
            AVRational timeBase = av_make_q(format1.timeBaseNum(), format1.timeBaseDen());
            stream.time_base(timeBase);
            streamIndex.put(format1.name(), streamIndex.size());
            sourceTimeBases.add(timeBase);
            lastDts.add(Long.MIN_VALUE);
        }
        AVIOContext io = new AVIOContext(null);
        check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "create " + file);
        context.pb(io);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "movflags", "+faststart", 0);
        try {
            check(avformat_write_header(context, options), "write the header of " + file);
        } finally {
            av_dict_free(options);
        }
        headerWritten = true;
        packet = av_packet_alloc();
    }

    public boolean has(String stream) {
        return streamIndex.containsKey(stream);
    }

    public void write(SegmentPacket source) throws IOException {
        Integer index = streamIndex.get(source.stream());
        if (index == null) {
            return;
        }
        if (source.dts() <= lastDts.get(index)) {
            droppedOutOfOrder++;
            return;
        }
        lastDts.set(index, source.dts());
        check(av_new_packet(packet, source.data().length), "allocate a packet");
        packet.data().put(source.data());
        packet.pts(source.pts());
        packet.dts(source.dts());
        packet.stream_index(index);
        packet.flags(source.keyFrame() ? AV_PKT_FLAG_KEY : 0);
        av_packet_rescale_ts(packet, sourceTimeBases.get(index), context.streams(index).time_base());
        check(av_interleaved_write_frame(context, packet), "write a packet of " + source.stream() + " to " + file);
        written++;
    }

    public long written() {
        return written;
    }

    public long droppedOutOfOrder() {
        return droppedOutOfOrder;
    }

    /** Writes the index (moved to the front) and closes the file. */
    public void finish() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (headerWritten) {
                check(av_write_trailer(context), "finish " + file);
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (packet != null) {
            av_packet_free(packet);
        }
        if (context.pb() != null && !context.pb().isNull()) {
            avio_close(context.pb());
            context.pb(null);
        }
        avformat_free_context(context);
    }

    private static void check(int result, String what) throws IOException {
        FfmpegCalls.check(result, what);
    }
}
