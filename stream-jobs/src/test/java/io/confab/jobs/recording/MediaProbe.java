package io.confab.jobs.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Looks at media files the way a player would, with Debian's ffprobe and ffmpeg (installed by the
 * test command): stream list, duration, and decoded content reduced to what the tests check
 * (loudness per 10 ms of audio, mean brightness per video frame).
 */
final class MediaProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaProbe() {
    }

    static JsonNode probe(Path file) throws IOException {
        return JSON.readTree(run(List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString())));
    }

    /** Errors ffmpeg reports while decoding the whole file (empty when clean). */
    static String decodeErrors(Path file) throws IOException {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        await(p);
        return out.strip();
    }

    /** RMS loudness of each 10 ms of the file's audio, mono at 8 kHz; optionally band-passed around {@code hz}. */
    static double[] loudness(Path file, Integer hz) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-vn", "-ac", "1", "-ar", "8000"));
        if (hz != null) {
            command.addAll(List.of("-af", "bandpass=f=" + hz + ":width_type=h:w=150,bandpass=f=" + hz + ":width_type=h:w=150"));
        }
        command.addAll(List.of("-f", "s16le", "-"));
        ByteBuffer pcm = ByteBuffer.wrap(run(command)).order(ByteOrder.LITTLE_ENDIAN);
        int blocks = pcm.remaining() / 2 / 80;
        double[] rms = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double sum = 0;
            for (int i = 0; i < 80; i++) {
                double s = pcm.getShort() / 32768.0;
                sum += s * s;
            }
            rms[b] = Math.sqrt(sum / 80);
        }
        return rms;
    }

    /** Mean luma (0..255) of each video frame, with each frame's presentation time in ms. */
    static List<double[]> brightness(Path file) throws IOException {
        byte[] gray = run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-an", "-vf", "scale=64:36", "-pix_fmt", "gray",
                "-fps_mode", "passthrough", "-f", "rawvideo", "-"));
        JsonNode frames = JSON.readTree(run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "frame=pts_time", "-print_format", "json", file.toString()))).path("frames");
        List<double[]> out = new ArrayList<>();
        int size = 64 * 36;
        for (int f = 0; f < gray.length / size && f < frames.size(); f++) {
            long sum = 0;
            for (int i = 0; i < size; i++) {
                sum += gray[f * size + i] & 0xff;
            }
            out.add(new double[] {frames.get(f).path("pts_time").asDouble() * 1000, (double) sum / size});
        }
        return out;
    }

    /** Start times (ms) of the runs where {@code values} (one per {@code stepMs}) stay above {@code threshold}. */
    static List<Long> onsets(double[] values, double threshold, long stepMs) {
        List<Long> onsets = new ArrayList<>();
        boolean above = false;
        for (int i = 0; i < values.length; i++) {
            if (!above && values[i] > threshold) {
                onsets.add(i * stepMs);
            }
            above = values[i] > threshold;
        }
        return onsets;
    }

    private static byte[] run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        int exit = await(p);
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit);
        }
        return out.toByteArray();
    }

    private static int await(Process p) throws IOException {
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
