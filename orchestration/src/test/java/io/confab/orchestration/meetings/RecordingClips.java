package io.confab.orchestration.meetings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Known content for the recording tests, made with FFmpeg (Debian's ffmpeg, installed by the test
 * command) into the WAV and Y4M files the bots send in a loop. Every clip lasts {@link #LOOP_SECONDS}
 * so a bot's audio and video loops stay aligned: a "flashing" clip shows a dark picture with a
 * frame counter and turns white for 100 ms at 1 s and 3 s of each loop, and its audio beeps at 1 kHz
 * at the same instants; a "beeping" clip has a dark picture without flashes and beeps at 440 Hz at
 * 2 s and 4 s... of the loop (0 s and 2 s), never at the same time as the other.
 */
final class RecordingClips {

    static final int LOOP_SECONDS = 4;
    static final long[] FLASH_MS = {1000, 3000};
    static final long[] LOW_BEEP_MS = {0, 2000};

    private RecordingClips() {
    }

    static Path flashingVideo(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("flashing.y4m");
        ffmpeg(List.of("-f", "lavfi", "-i", "color=c=0x303030:s=640x360:r=30:d=" + LOOP_SECONDS,
                "-vf", "drawbox=c=white:t=fill:enable='between(mod(t\\," + LOOP_SECONDS + ")\\,1\\,1.1)+between(mod(t\\,"
                        + LOOP_SECONDS + ")\\,3\\,3.1)',drawtext=text='%{n}':fontcolor=white:fontsize=48:x=20:y=20",
                "-pix_fmt", "yuv420p", file.toString()));
        return file;
    }

    static Path darkVideo(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("dark.y4m");
        ffmpeg(List.of("-f", "lavfi", "-i", "color=c=0x202020:s=640x360:r=30:d=" + LOOP_SECONDS, "-pix_fmt", "yuv420p", file.toString()));
        return file;
    }

    /** 48 kHz mono WAV beeping at {@code hz} for 100 ms at each of {@code atMs} within the loop. */
    static Path beeps(Path dir, String name, int hz, long... atMs) throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".wav");
        StringBuilder enable = new StringBuilder();
        for (long at : atMs) {
            enable.append(enable.length() == 0 ? "" : "+").append("between(t\\,").append(at / 1000.0).append("\\,").append(at / 1000.0 + 0.1).append(')');
        }
        ffmpeg(List.of("-f", "lavfi", "-i", "sine=f=" + hz + ":r=48000:d=" + LOOP_SECONDS,
                "-af", "volume=0.4,volume=0:enable='not(" + enable + ")'", "-ac", "1", "-ar", "48000", "-c:a", "pcm_s16le", file.toString()));
        return file;
    }

    private static void ffmpeg(List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(Path.of(args.get(args.size() - 1)))) {
            throw new IOException("ffmpeg " + String.join(" ", args) + " failed: " + output);
        }
    }
}
