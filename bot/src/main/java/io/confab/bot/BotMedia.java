package io.confab.bot;

import io.confab.bot.media.EndOfClip;
import io.confab.bot.media.OpusEncoder;
import io.confab.bot.media.TestPattern;
import io.confab.bot.media.Vp8Encoder;
import io.confab.bot.media.Vp8Frame;
import io.confab.bot.media.WavReader;
import io.confab.bot.media.Y4mReader;
import io.confab.bot.source.AudioSource;
import io.confab.bot.source.EncodedFrame;
import io.confab.bot.source.VideoSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The bot's real media: a WAV file (or silence) as Opus, a Y4M file (or a test pattern) as VP8. */
public final class BotMedia {

    static {
        // FFmpeg prints banners and per-frame notes to stderr; a bot's output is its JSON report.
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    }

    private BotMedia() {
    }

    /** Opus from {@code wav} looped, or silence when null. */
    public static AudioSource audio(Path wav) throws IOException {
        return audio(wav, EndOfClip.LOOP);
    }

    /** Opus from {@code wav}, looped or followed by silence, or silence when null. */
    public static AudioSource audio(Path wav, EndOfClip end) throws IOException {
        io.confab.bot.media.AudioSource pcm = wav == null ? io.confab.bot.media.AudioSource.silence()
                : WavReader.open(wav, end);
        return new OpusAudio(pcm);
    }

    /** VP8 from {@code y4m} looped, or a moving test pattern (640x360) when null. */
    public static VideoSource video(Path y4m) throws IOException {
        io.confab.bot.media.VideoSource pictures = y4m == null ? new TestPattern() : Y4mReader.open(y4m);
        return new Vp8Video(pictures);
    }

    private static final class OpusAudio implements AudioSource {
        private final io.confab.bot.media.AudioSource pcm;
        private final OpusEncoder encoder = new OpusEncoder();
        private final short[] frame = new short[io.confab.bot.media.AudioSource.SAMPLES_PER_FRAME];

        OpusAudio(io.confab.bot.media.AudioSource pcm) {
            this.pcm = pcm;
        }

        @Override
        public EncodedFrame next() {
            int level = pcm.readFrame(frame);
            return new EncodedFrame(encoder.encode(frame), false, level);
        }

        @Override
        public void close() {
            encoder.close();
            if (pcm instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // closing a file we only read
                }
            }
        }
    }

    private static final class Vp8Video implements VideoSource {
        private final io.confab.bot.media.VideoSource pictures;
        private final Vp8Encoder encoder;

        Vp8Video(io.confab.bot.media.VideoSource pictures) {
            this.pictures = pictures;
            this.encoder = new Vp8Encoder(pictures.width(), pictures.height());
        }

        @Override
        public EncodedFrame next(boolean keyFrameWanted) {
            if (keyFrameWanted) {
                encoder.requestKeyFrame();
            }
            Optional<Vp8Frame> frame = encoder.encode(pictures.nextFrame());
            return frame.map(f -> new EncodedFrame(f.data(), f.keyFrame(), 127)).orElse(null);
        }

        @Override
        public void close() {
            encoder.close();
            if (pictures instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // closing a file we only read
                }
            }
        }
    }
}
