package io.confab.jobs.recording.output;

import io.confab.media.codec.FfmpegNatives;
import java.io.IOException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** FFmpeg's negative return codes as IOExceptions that say what was being done and FFmpeg's own words. */
public final class FfmpegCalls {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }

    private FfmpegCalls() {
    }

    public static void check(int result, String what) throws IOException {
        if (result < 0) {
            BytePointer message = new BytePointer(256);
            avutil.av_strerror(result, message, 256);
            throw new IOException("cannot " + what + ": " + message.getString() + " (" + result + ")");
        }
    }
}
