package io.confab.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.file.MediaFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The file-decoding stage (any container, resampled to a mono rate) and the resampler under it. */
class AudioFileDecoderTest {

    @TempDir
    Path dir;

    @Test
    void aStereoWavAt44100IsReadAsMono16kWithItsPitchAndLength() throws IOException {
        Path wav = stereoWav(dir.resolve("tone.wav"), 44_100, 2.0, 440);
        short[] pcm;
        try (AudioFileDecoder decoder = AudioFileDecoder.open(wav, 16_000)) {
            assertEquals(2000, decoder.duration().orElseThrow().toMillis(), 30);
            assertEquals("pcm_s16le", decoder.codecName());
            pcm = readAll(decoder);
            assertEquals(pcm.length, decoder.samplesRead());
        }
        assertEquals(32_000, pcm.length, 40, "two seconds at 16 kHz");
        // 440 Hz crosses zero 880 times a second; count over the middle second.
        int crossings = 0;
        for (int i = 8_001; i < 24_000; i++) {
            if ((pcm[i] >= 0) != (pcm[i - 1] >= 0)) {
                crossings++;
            }
        }
        assertEquals(880, crossings, 4, "the tone's pitch survives the resampling");
        double peak = Arrays.stream(toInts(pcm, 8_000, 24_000)).map(Math::abs).max().orElse(0);
        assertEquals(10_000, peak, 600, "both channels (same tone) average to the same level");
    }

    @Test
    void resamplingInPiecesGivesTheSameSamplesAsAllAtOnce() {
        short[] in = new short[48_000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) (8000 * Math.sin(2 * Math.PI * 300 * i / 48_000.0) + 3000 * Math.sin(2 * Math.PI * 2100 * i / 48_000.0));
        }
        short[] whole;
        try (PcmResampler resampler = new PcmResampler(48_000, 16_000)) {
            whole = concat(resampler.resample(in, 0, in.length), resampler.flush());
        }
        short[] pieces = new short[0];
        try (PcmResampler resampler = new PcmResampler(48_000, 16_000)) {
            for (int at = 0; at < in.length; at += 960) {
                pieces = concat(pieces, resampler.resample(in, at, 960));
            }
            pieces = concat(pieces, resampler.flush());
        }
        assertEquals(16_000, whole.length, 2);
        assertArrayEquals(whole, pieces);
    }

    @Test
    void aMissingFileOrOneThatIsNotMediaFailsNamingIt() throws IOException {
        Path missing = dir.resolve("absent.wav");
        assertEquals(missing + ": no such readable file",
                assertThrows(MediaFormatException.class, () -> AudioFileDecoder.open(missing, 16_000)).getMessage());
        Path text = Files.writeString(dir.resolve("text.wav"), "hello, not a wave file");
        String message = assertThrows(MediaFormatException.class, () -> AudioFileDecoder.open(text, 16_000)).getMessage();
        assertTrue(message.startsWith(text + ": not a media file FFmpeg reads") || message.startsWith(text + ": cannot read"), message);
    }

    private static short[] readAll(AudioFileDecoder decoder) throws MediaFormatException {
        short[] all = new short[0];
        short[] chunk;
        while ((chunk = decoder.read()) != null) {
            assertTrue(chunk.length > 0);
            all = concat(all, chunk);
        }
        return all;
    }

    private static short[] concat(short[] a, short[] b) {
        short[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] toInts(short[] pcm, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = pcm[i];
        }
        return out;
    }

    private static Path stereoWav(Path file, int rate, double seconds, double hz) throws IOException {
        int frames = (int) (rate * seconds);
        ByteBuffer out = ByteBuffer.allocate(44 + frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes()).putInt(36 + frames * 4).put("WAVE".getBytes());
        out.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(rate).putInt(rate * 4)
                .putShort((short) 4).putShort((short) 16);
        out.put("data".getBytes()).putInt(frames * 4);
        for (int i = 0; i < frames; i++) {
            short sample = (short) Math.round(10_000 * Math.sin(2 * Math.PI * hz * i / rate));
            out.putShort(sample).putShort(sample);
        }
        Files.write(file, out.array());
        return file;
    }
}
