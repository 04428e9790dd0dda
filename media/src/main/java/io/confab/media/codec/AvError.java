package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** FFmpeg's negative return codes, turned into text and, for local failures, exceptions. */
final class AvError {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }
    /**
     * AVERROR(EAGAIN): the codec wants input before it has output. The presets expose no constant
     * for it; EAGAIN is 11 on Linux, the only platform the bot's natives are built for.
     */
    static final int EAGAIN = -11;

    private AvError() {
    }

    static String describe(int code) {
        byte[] text = new byte[256];
        if (av_strerror(code, text, text.length) < 0) {
            return "FFmpeg error " + code;
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, StandardCharsets.UTF_8) + " (" + code + ")";
    }

    /** Returns the code when it is not an error; local callers cannot go on after one. */
    static int check(int code, String action) {
        if (code < 0) {
            throw new IllegalStateException(action + " failed: " + describe(code));
        }
        return code;
    }
}
