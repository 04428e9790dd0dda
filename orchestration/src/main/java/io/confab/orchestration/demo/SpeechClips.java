package io.confab.orchestration.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's voices: each speaker's sentence spoken by espeak-ng, placed in that speaker's turn on a
 * shared timeline (silence before and after), so the bots speak in turn like people in a meeting.
 * Without espeak-ng each speaker gets a tone of its own pitch in its turn instead, and the caller
 * says so.
 */
public final class SpeechClips {

    static final int RATE = 22_050;

    /**
     * One speaker's clip and where in it the speech is.
     *
     * @param speechStartMs where the sentence starts, from the clip's start
     * @param speechEndMs   where the sentence ends (espeak-ng's last sample), from the clip's start
     */
    public record Turn(Path clip, String sentence, long speechStartMs, long speechEndMs) {
    }

    private SpeechClips() {
    }

    /**
     * One WAV per sentence in {@code directory}; speaker i's clip holds silence until its turn
     * (turns {@code turnSeconds} apart, starting after {@code leadSeconds}), then its sentence.
     */
    static List<Path> write(Path directory, List<String> sentences, double leadSeconds, double turnSeconds, boolean speech)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            short[] voice = speech ? speak(directory, sentences.get(i), i) : tone(220 + 110 * i, 3.0);
            int offset = (int) ((leadSeconds + i * turnSeconds) * RATE);
            int total = (int) ((leadSeconds + sentences.size() * turnSeconds) * RATE);
            short[] timeline = new short[Math.max(total, offset + voice.length)];
            System.arraycopy(voice, 0, timeline, offset, voice.length);
            Path clip = directory.resolve("speaker-" + (i + 1) + ".wav");
            Files.write(clip, wav(timeline));
            clips.add(clip);
        }
        return clips;
    }

    /**
     * One WAV per sentence in {@code directory}, speaker i saying sentence i in voice i (three voices
     * in turn) right after speaker i-1 has finished plus {@code gapSeconds}, the first after
     * {@code leadSeconds}: a meeting in which people take turns. Every clip lasts until the last
     * speaker's end plus {@code tailSeconds}.
     */
    public static List<Turn> inTurns(Path directory, List<String> sentences, double leadSeconds, double gapSeconds,
                                     double tailSeconds) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        List<short[]> voices = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            voices.add(speak(directory, sentences.get(i), i));
        }
        int[] starts = new int[voices.size()];
        int at = (int) (leadSeconds * RATE);
        for (int i = 0; i < voices.size(); i++) {
            starts[i] = at;
            at += voices.get(i).length + (int) (gapSeconds * RATE);
        }
        int total = at + (int) (tailSeconds * RATE);
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < voices.size(); i++) {
            short[] timeline = new short[total];
            System.arraycopy(voices.get(i), 0, timeline, starts[i], voices.get(i).length);
            Path clip = directory.resolve("speaker-" + (i + 1) + ".wav");
            Files.write(clip, wav(timeline));
            turns.add(new Turn(clip, sentences.get(i), starts[i] * 1000L / RATE, (starts[i] + audibleLength(voices.get(i))) * 1000L / RATE));
        }
        return turns;
    }

    /** Samples up to the last audible one: espeak-ng ends its WAV with silence, which is not speech. */
    private static int audibleLength(short[] voice) {
        int last = voice.length;
        while (last > 0 && Math.abs(voice[last - 1]) < 300) {
            last--;
        }
        return last;
    }

    private static short[] speak(Path directory, String sentence, int index) throws IOException, InterruptedException {
        Path raw = directory.resolve("espeak-" + index + ".wav");
        // Different voices so the recording's speakers are told apart by ear too.
        String[] voices = {"en-us", "en-gb", "en-us+f3"};
        Process process = new ProcessBuilder("espeak-ng", "-v", voices[index % voices.length], "-s", "150", "-w",
                raw.toString(), sentence).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("espeak-ng failed: " + output.strip());
        }
        return pcm(Files.readAllBytes(raw));
    }

    /** The samples of espeak-ng's mono 16-bit WAV (22,050 Hz), found by walking its chunks. */
    private static short[] pcm(byte[] wav) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= wav.length) {
            int size = in.getInt(at + 4);
            if (wav[at] == 'd' && wav[at + 1] == 'a' && wav[at + 2] == 't' && wav[at + 3] == 'a') {
                int length = Math.min(size < 0 ? wav.length : size, wav.length - at - 8) / 2;
                short[] samples = new short[length];
                for (int i = 0; i < length; i++) {
                    samples[i] = in.getShort(at + 8 + 2 * i);
                }
                return samples;
            }
            at += 8 + size + (size & 1);
        }
        throw new IOException("espeak-ng wrote a WAV without a data chunk");
    }

    private static short[] tone(double hertz, double seconds) {
        short[] samples = new short[(int) (seconds * RATE)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (8000 * Math.sin(2 * Math.PI * hertz * i / RATE));
        }
        return samples;
    }

    private static byte[] wav(short[] samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + samples.length * 2);
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples.length * 2);
        out.writeBytes(header.array());
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : samples) {
            data.putShort(sample);
        }
        out.writeBytes(data.array());
        return out.toByteArray();
    }
}
