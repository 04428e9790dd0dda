package io.confab.bot;

import io.confab.bot.source.EncodedAudio;
import io.confab.bot.source.EncodedFrame;
import io.confab.bot.source.EncodedVideo;
import io.confab.bot.source.LayerDemand;
import io.confab.bot.source.LayerFrame;
import io.confab.bot.source.VideoLayer;
import io.confab.media.audio.AudioSource;
import io.confab.media.codec.FfmpegNatives;
import io.confab.media.codec.OpusEncoder;
import io.confab.media.codec.Vp8Encoder;
import io.confab.media.file.EndOfClip;
import io.confab.media.file.WavReader;
import io.confab.media.file.Y4mReader;
import io.confab.media.picture.I420Frame;
import io.confab.media.picture.I420Scaler;
import io.confab.media.picture.TestPattern;
import io.confab.media.picture.VideoSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bot's real media: a WAV file (or silence) as Opus, a Y4M file (or a test pattern) as VP8, by
 * default in three simulcast layers as a browser sends them.
 */
public final class BotMedia {

    static {
        // FFmpeg prints banners and per-frame notes to stderr; a bot's output is its JSON report.
        // Loading the natives here, before any codec, also quiets FFmpeg's log.
        FfmpegNatives.load();
    }

    /** The default camera: 1280x720, the web client's top layer, so l/m/h are 320x180, 640x360 and 1280x720. */
    static final int CAMERA_WIDTH = 1280;
    static final int CAMERA_HEIGHT = 720;

    private BotMedia() {
    }

    /** Opus from {@code wav} looped, or silence when null. */
    public static EncodedAudio audio(Path wav) throws IOException {
        return audio(wav, EndOfClip.LOOP);
    }

    /** Opus from any 48 kHz PCM source (a test's own: a clip that starts on a signal, say). */
    public static EncodedAudio opus(AudioSource pcm) {
        return new OpusAudio(pcm);
    }

    /** Opus from {@code wav}, looped or followed by silence, or silence when null. */
    public static EncodedAudio audio(Path wav, EndOfClip end) throws IOException {
        AudioSource pcm = wav == null ? AudioSource.silence()
                : WavReader.open(wav, end);
        return new OpusAudio(pcm);
    }

    /** VP8 from {@code y4m} looped, or a moving 1280x720 test pattern when null, as three simulcast layers. */
    public static EncodedVideo video(Path y4m) throws IOException {
        return video(y4m, VideoLayer.MAX_LAYERS);
    }

    /**
     * VP8 from {@code y4m} looped, or a moving 1280x720 test pattern when null, as {@code layers}
     * simulcast layers (the ladder of {@link VideoLayer#ladder}: 3 is l/m/h, 1 is one stream).
     */
    public static EncodedVideo video(Path y4m, int layers) throws IOException {
        VideoSource pictures = y4m == null
                ? new TestPattern(CAMERA_WIDTH, CAMERA_HEIGHT) : Y4mReader.open(y4m);
        return new Vp8Video(pictures, VideoLayer.ladder(pictures.width(), pictures.height(), layers,
                VideoLayer.DEFAULT_TOP_BITRATE));
    }

    private static final class OpusAudio implements EncodedAudio {
        private final AudioSource pcm;
        private final OpusEncoder encoder = new OpusEncoder();
        private final short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];

        OpusAudio(AudioSource pcm) {
            this.pcm = pcm;
        }

        private boolean closed;

        /** Synchronized with {@link #close()}: a clock tick still running must not encode with a freed encoder. */
        @Override
        public synchronized EncodedFrame next() {
            if (closed) {
                throw new IllegalStateException("the audio source is closed");
            }
            int level = pcm.readFrame(frame);
            return new EncodedFrame(encoder.encode(frame), false, level);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                encoder.close();
                closeQuietly(pcm);
            }
        }
    }

    /**
     * One picture source, one libvpx encoder per layer. Each picture is shrunk step by step from the
     * top layer down to the lowest layer asked for (each step a box filter from the layer above,
     * as cheap as it gets), and encoded for the layers asked for only.
     */
    static final class Vp8Video implements EncodedVideo {
        private final VideoSource pictures;
        private final List<VideoLayer> layers;
        private final Vp8Encoder[] encoders;
        /** scalers[i] shrinks layer i + 1's picture (the source's, for the top) to layer i's size; null when equal. */
        private final I420Scaler[] scalers;
        private final I420Frame[] scaled;
        private boolean closed;

        Vp8Video(VideoSource pictures, List<VideoLayer> layers) {
            this.pictures = pictures;
            this.layers = List.copyOf(layers);
            int count = layers.size();
            this.encoders = new Vp8Encoder[count];
            this.scalers = new I420Scaler[count];
            this.scaled = new I420Frame[count];
            int aboveWidth = pictures.width();
            int aboveHeight = pictures.height();
            try {
                for (int i = count - 1; i >= 0; i--) {
                    VideoLayer layer = layers.get(i);
                    encoders[i] = new Vp8Encoder(layer.width(), layer.height(), layer.bitrateBps());
                    if (layer.width() != aboveWidth || layer.height() != aboveHeight) {
                        scalers[i] = new I420Scaler(aboveWidth, aboveHeight, layer.width(), layer.height());
                        scaled[i] = new I420Frame(layer.width(), layer.height());
                    }
                    aboveWidth = layer.width();
                    aboveHeight = layer.height();
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public List<VideoLayer> layers() {
            return layers;
        }

        /** Synchronized with {@link #close()}: a clock tick still running must not encode with freed encoders. */
        @Override
        public synchronized List<LayerFrame> next(List<LayerDemand> demands) {
            if (closed) {
                return List.of();
            }
            I420Frame picture = pictures.nextFrame();
            int lowest = demands.stream().mapToInt(LayerDemand::layer).min().orElse(layers.size());
            I420Frame[] byLayer = new I420Frame[layers.size()];
            for (int i = layers.size() - 1; i >= lowest; i--) {
                if (scalers[i] != null) {
                    scalers[i].scale(picture, scaled[i]);
                    picture = scaled[i];
                }
                byLayer[i] = picture;
            }
            List<LayerFrame> frames = new ArrayList<>(demands.size());
            for (LayerDemand demand : demands) {
                Vp8Encoder encoder = encoders[demand.layer()];
                if (demand.keyFrame()) {
                    encoder.requestKeyFrame();
                }
                encoder.encode(byLayer[demand.layer()]).ifPresent(f ->
                        frames.add(new LayerFrame(demand.layer(), new EncodedFrame(f.data(), f.keyFrame(), 127))));
            }
            return frames;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Vp8Encoder encoder : encoders) {
                if (encoder != null) {
                    encoder.close();
                }
            }
            closeQuietly(pictures);
        }
    }

    private static void closeQuietly(Object source) {
        if (source instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a file we only read
            }
        }
    }
}
