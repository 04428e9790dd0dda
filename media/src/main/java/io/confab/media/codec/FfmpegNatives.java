package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg natives once, from the GPL build ({@code org.bytedeco:ffmpeg} with classifier
 * {@code linux-x86_64-gpl}, the only one on the class path), which adds libx264 to the LGPL build's
 * codecs. JavaCPP picks a build by the system property {@value #EXTENSION_PROPERTY}, read once
 * when its Loader first runs, so this must run before any other JavaCPP class: every codec's
 * constructor calls {@link #load()} first, and callers never need the flag. A value the operator
 * set is kept.
 *
 * <p>It also loads every FFmpeg library Confab uses (avutil, avcodec, avformat, swresample) at once,
 * and every class holding native objects calls it from its static initializer, before any field of
 * it exists. JavaCPP deadlocks when one thread is in {@code Pointer}'s static initializer (a native
 * field created first) while another holds the {@code Loader} lock to load a library whose
 * {@code JNI_OnLoad} needs {@code Pointer}: the recording mixer and the transcription job did
 * exactly that in one task manager when both began decoding at the same moment.
 *
 * <p>FFmpeg's own log is lowered to fatal errors: it writes straight to stderr from native code, a
 * line per corrupt packet (a flood under bad input, bypassing our logs), and every failure already
 * reaches the caller as a result or an exception carrying av_strerror's text.
 */
public final class FfmpegNatives {
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String GPL_EXTENSION = "-gpl";

    private FfmpegNatives() {
    }

    /** Loads avutil, avcodec, avformat and swresample (and what they link) on first call; later calls cost nothing. */
    public static void load() {
        Loaded.ensure();
    }

    /** Whether this build has the named encoder (e.g. "libx264"). */
    public static boolean hasEncoder(String name) {
        load();
        AVCodec codec = avcodec_find_encoder_by_name(name);
        return codec != null && !codec.isNull();
    }

    /** Whether this build has the named decoder (e.g. "libopus"). */
    public static boolean hasDecoder(String name) {
        load();
        AVCodec codec = avcodec_find_decoder_by_name(name);
        return codec != null && !codec.isNull();
    }

    /** Holder idiom: the JVM runs this once, thread-safely, on first use. */
    private static final class Loaded {
        static {
            if (System.getProperty(EXTENSION_PROPERTY) == null) {
                System.setProperty(EXTENSION_PROPERTY, GPL_EXTENSION);
            }
            Loader.load(avutil.class);
            Loader.load(avcodec.class);
            Loader.load(avformat.class);
            Loader.load(swresample.class);
            avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        }

        static void ensure() {
        }
    }
}
