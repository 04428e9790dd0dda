package io.confab.transcription.bench;

import io.confab.media.codec.AudioFileDecoder;
import io.confab.media.file.MediaFormatException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Speech from espeak-ng (a Debian package the tests and the demo use): known words in known voices,
 * made on the spot, so no audio is committed and the reference text is exact.
 */
public final class Espeak {
    /** Words per minute: espeak-ng's default 175 is brisk; 150 is closer to a meeting. */
    public static final int WORDS_PER_MINUTE = 150;

    private Espeak() {
    }

    public static boolean available() {
        try {
            Process process = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Speaks {@code text} in {@code voice} (e.g. "en-us", "en-gb", "en-us+f3") into the WAV file {@code out}. */
    public static Path speak(String voice, String text, Path out) throws IOException {
        Process process = new ProcessBuilder("espeak-ng", "-v", voice, "-s", Integer.toString(WORDS_PER_MINUTE), "-w",
                out.toString(), text).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("espeak-ng -v " + voice + " failed (is the espeak-ng package installed?): " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while espeak-ng spoke", e);
        }
        return out;
    }

    /** Speaks {@code text} and returns it as 16-bit mono PCM at {@code rate} (espeak-ng writes 22,050 Hz). */
    public static short[] pcm(String voice, String text, Path scratch, int rate) throws IOException {
        Path wav = Files.createTempFile(scratch, "espeak-", ".wav");
        try {
            speak(voice, text, wav);
            return decode(wav, rate);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** A whole file's audio as 16-bit mono PCM at {@code rate}. */
    public static short[] decode(Path file, int rate) throws MediaFormatException {
        try (AudioFileDecoder decoder = AudioFileDecoder.open(file, rate)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            short[] chunk;
            while ((chunk = decoder.read()) != null) {
                for (short sample : chunk) {
                    bytes.write(sample & 0xFF);
                    bytes.write((sample >> 8) & 0xFF);
                }
            }
            byte[] raw = bytes.toByteArray();
            short[] pcm = new short[raw.length / 2];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) ((raw[2 * i] & 0xFF) | (raw[2 * i + 1] << 8));
            }
            return pcm;
        }
    }
}
