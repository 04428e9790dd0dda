package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.TestSignals;
import io.confab.media.picture.TestPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a recording's muxer does with the encoders: timeBase() and copyParametersTo() are all it
 * needs for an MP4 with H.264 and AAC, moov at the front, that FFmpeg reads back.
 */
class Mp4MuxTest {
    @TempDir
    Path directory;

    @Test
    void h264AndAacPacketsMakeAnMp4ThatReadsBackWithBothStreams() throws IOException {
        Path file = directory.resolve("recording.mp4");
        String path = file.toString();
        FfmpegNatives.load();
        AVFormatContext output = new AVFormatContext(null);
        AvError.check(avformat_alloc_output_context2(output, null, "mp4", path), "mp4 output");
        AVPacket packet = av_packet_alloc();
        try (H264Encoder video = new H264Encoder(H264Encoder.Config.bitrate(640, 360, 30, 800_000));
             AacEncoder audio = new AacEncoder(2, 96_000)) {
            AVStream videoStream = avformat_new_stream(output, null);
            video.copyParametersTo(videoStream.codecpar());
            videoStream.time_base(video.timeBase());
            AVStream audioStream = avformat_new_stream(output, null);
            audio.copyParametersTo(audioStream.codecpar());
            audioStream.time_base(audio.timeBase());
            AVIOContext io = new AVIOContext(null);
            AvError.check(avio_open(io, path, AVIO_FLAG_WRITE), "opening " + path);
            output.pb(io);
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "movflags", "+faststart", 0);
            AvError.check(avformat_write_header(output, options), "mp4 header");
            av_dict_free(options);

            TestPattern camera = new TestPattern(640, 360);
            short[] tone = TestSignals.sine(48_000, 440, 48_000 * 2, 0.3);
            short[] frame = new short[2 * 1024];
            long audioPts = 0;
            for (int picture = 0; picture < 60; picture++) {
                write(output, packet, 0, video.timeBase(), videoStream.time_base(),
                        video.encode(camera.nextFrame(), picture, picture == 30));
                // Audio up to the same instant (picture / 30 s), one 1024-sample frame at a time.
                while (audioPts + 1024 <= (picture + 1) * 48_000L / 30) {
                    for (int i = 0; i < 1024; i++) {
                        frame[2 * i] = tone[(int) audioPts + i];
                        frame[2 * i + 1] = tone[(int) audioPts + i];
                    }
                    write(output, packet, 1, audio.timeBase(), audioStream.time_base(), audio.encode(frame, audioPts));
                    audioPts += 1024;
                }
            }
            write(output, packet, 0, video.timeBase(), videoStream.time_base(), video.flush());
            write(output, packet, 1, audio.timeBase(), audioStream.time_base(), audio.flush());
            AvError.check(av_write_trailer(output), "mp4 trailer");
        } finally {
            av_packet_free(packet);
            avio_closep(output.pb());
            avformat_free_context(output);
        }

        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 64);
        int ftypLength = ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        assertEquals("ftyp", new String(head, 4, 4, StandardCharsets.US_ASCII));
        assertEquals("moov", new String(Files.readAllBytes(file), ftypLength + 4, 4, StandardCharsets.US_ASCII),
                "moov at the front (faststart), so a browser plays before it has the whole file");

        AVFormatContext input = new AVFormatContext(null);
        AvError.check(avformat_open_input(input, path, (AVInputFormat) null, (AVDictionary) null), "reading " + path);
        try {
            AvError.check(avformat_find_stream_info(input, (PointerPointer<?>) null), "stream info");
            assertEquals(2, input.nb_streams());
            assertEquals(AV_CODEC_ID_H264, input.streams(0).codecpar().codec_id());
            assertEquals(640, input.streams(0).codecpar().width());
            assertEquals(AV_CODEC_ID_AAC, input.streams(1).codecpar().codec_id());
            assertEquals(2, input.streams(1).codecpar().ch_layout().nb_channels());
            double seconds = input.duration() / 1e6;
            assertTrue(Math.abs(seconds - 2.0) < 0.1, "60 pictures at 30 fps and 2 s of audio lasted " + seconds + " s");
        } finally {
            avformat_close_input(input);
        }
        ffprobeReadsItCleanly(file);
    }

    /** The system's ffprobe, when installed (DESIGN.md lists it for checking outputs), sees no error. */
    private static void ffprobeReadsItCleanly(Path file) throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/ffprobe"))) {
            return;
        }
        Process ffprobe = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String output = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            assertEquals(0, ffprobe.waitFor(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertEquals(List.of("h264", "aac"), List.of(output.split("\\s+")), "ffprobe said: " + output);
    }

    private static void write(AVFormatContext output, AVPacket packet, int stream, AVRational from, AVRational to,
                              List<EncodedPacket> packets) {
        for (EncodedPacket encoded : packets) {
            AvError.check(av_new_packet(packet, encoded.data().length), "packet");
            packet.data().put(encoded.data());
            packet.pts(encoded.pts());
            packet.dts(encoded.dts());
            packet.flags(encoded.keyFrame() ? AV_PKT_FLAG_KEY : 0);
            packet.stream_index(stream);
            av_packet_rescale_ts(packet, from, to);
            // Takes the packet's reference, leaving it blank for the next.
            AvError.check(av_interleaved_write_frame(output, packet), "writing a packet");
        }
    }
}
