package io.confab.media.file;

import static io.confab.media.TestSignals.pcm16;
import static io.confab.media.TestSignals.sine;
import static io.confab.media.TestSignals.wav;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.audio.AudioLevelMeter;
import io.confab.media.audio.AudioSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    @TempDir
    Path directory;

    @Test
    void reads16kHzMonoAs48kHzFramesOf960Samples() throws IOException {
        // One second of a loud 440 Hz sine at 16 kHz: 48 000 samples after conversion, 50 frames.
        short[] sine = sine(16_000, 440, 16_000, 0.9);
        Path file = directory.resolve("mono16k.wav");
        Files.write(file, wav(16_000, 1, 16, pcm16(sine)));

        WavReader reader = WavReader.open(file, EndOfClip.SILENCE);

        assertEquals(new WavReader.Format(16_000, 1, 16), reader.sourceFormat());
        assertEquals(48_000, reader.clipSamples());
        short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];
        for (int i = 0; i < 50; i++) {
            int level = reader.readFrame(frame);
            // RMS of a 0.9 full-scale sine is 0.9/√2, 3.9 dB under overload.
            assertEquals(4, level, "frame " + i + " of a 0.9 full-scale sine");
        }
        assertEquals(AudioLevelMeter.SILENCE, reader.readFrame(frame), "after the clip, with SILENCE chosen");
        assertArrayEquals(new short[AudioSource.SAMPLES_PER_FRAME], frame);
    }

    @Test
    void resamplingKeepsTheSinesFrequency() throws IOException {
        short[] sine = sine(16_000, 1000, 16_000, 0.5);
        WavReader reader = WavReader.parse(wav(16_000, 1, 16, pcm16(sine)), EndOfClip.LOOP);
        short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];
        reader.readFrame(frame);
        // 1 kHz for 20 ms: 20 cycles, 40 sign changes (±1 for where the frame cuts the wave).
        int crossings = 0;
        for (int i = 1; i < frame.length; i++) {
            if ((frame[i - 1] < 0) != (frame[i] < 0)) {
                crossings++;
            }
        }
        assertTrue(crossings >= 39 && crossings <= 41, "expected about 40 zero crossings, got " + crossings);
    }

    @Test
    void reads44100HzStereoWrittenByJavaSoundAsMono48kHz() throws IOException {
        // Left a loud sine, right silent: the downmix halves the amplitude, 6 dB down.
        int rate = 44_100;
        short[] left = sine(rate, 300, rate / 2, 1.0);
        ByteBuffer interleaved = ByteBuffer.allocate(left.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : left) {
            interleaved.putShort(sample).putShort((short) 0);
        }
        AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
        Path file = directory.resolve("stereo44k.wav");
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(interleaved.array()), format,
                left.length)) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, file.toFile());
        }

        WavReader reader = WavReader.open(file, EndOfClip.LOOP);

        assertEquals(new WavReader.Format(rate, 2, 16), reader.sourceFormat());
        assertEquals(24_000, reader.clipSamples(), "half a second at 48 kHz");
        short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];
        int level = reader.readFrame(frame);
        assertTrue(level >= 8 && level <= 10, "a full-scale sine averaged with silence is about 9 -dBov, got " + level);
        assertEquals(AudioSource.SAMPLES_PER_FRAME, frame.length);
    }

    @Test
    void loopsBackToTheStartWhenAskedTo() throws MediaFormatException {
        // 1.5 frames of a ramp at 48 kHz: the second frame is the last half-frame, then the start again.
        short[] ramp = new short[1440];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (short) (i + 1);
        }
        WavReader reader = WavReader.parse(wav(48_000, 1, 16, pcm16(ramp)), EndOfClip.LOOP);
        short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];
        reader.readFrame(frame);
        reader.readFrame(frame);
        assertEquals(961, frame[0]);
        assertEquals(1440, frame[479]);
        assertEquals(1, frame[480], "wrapped to the first sample");
        reader.readFrame(frame);
        assertEquals(481, frame[0]);
    }

    @Test
    void reads8BitUnsignedSamples() throws MediaFormatException {
        byte[] samples = new byte[960];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (i % 2 == 0 ? 255 : 1);
        }
        WavReader reader = WavReader.parse(wav(48_000, 1, 8, samples), EndOfClip.SILENCE);
        short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];
        assertEquals(0, reader.readFrame(frame), "a full-scale square wave is 0 -dBov");
        assertEquals(127 << 8, frame[0]);
        assertEquals(-127 << 8, frame[1]);
    }

    @Test
    void silenceSourceGivesLevel127() {
        short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];
        frame[5] = 1000;
        assertEquals(127, AudioSource.silence().readFrame(frame));
        assertArrayEquals(new short[AudioSource.SAMPLES_PER_FRAME], frame);
    }

    @Test
    void refusesFloatSamplesNamingTheFormat() {
        byte[] file = wav(48_000, 1, 32, new byte[400]);
        file[20] = 3;
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> WavReader.parse(file, EndOfClip.LOOP));
        assertTrue(e.getMessage().contains("0x3"), e.getMessage());
    }

    @Test
    void refuses24BitSamples() {
        MediaFormatException e = assertThrows(MediaFormatException.class,
                () -> WavReader.parse(wav(48_000, 1, 24, new byte[300]), EndOfClip.LOOP));
        assertTrue(e.getMessage().contains("24-bit"), e.getMessage());
    }

    @Test
    void refusesSixChannels() {
        MediaFormatException e = assertThrows(MediaFormatException.class,
                () -> WavReader.parse(wav(48_000, 6, 16, new byte[1200]), EndOfClip.LOOP));
        assertTrue(e.getMessage().contains("6 channels"), e.getMessage());
    }

    @Test
    void refusesWhatIsNotRiffWave() {
        assertThrows(MediaFormatException.class,
                () -> WavReader.parse("OggS and more bytes".getBytes(), EndOfClip.LOOP));
        assertThrows(MediaFormatException.class, () -> WavReader.parse(new byte[3], EndOfClip.LOOP));
    }

    @Test
    void refusesAFileWithoutAudio() {
        byte[] full = wav(48_000, 1, 16, new byte[0]);
        MediaFormatException empty = assertThrows(MediaFormatException.class,
                () -> WavReader.parse(full, EndOfClip.LOOP));
        assertTrue(empty.getMessage().contains("no audio"), empty.getMessage());
        byte[] headerOnly = Arrays.copyOf(full, 36);
        MediaFormatException noData = assertThrows(MediaFormatException.class,
                () -> WavReader.parse(headerOnly, EndOfClip.LOOP));
        assertTrue(noData.getMessage().contains("'data'"), noData.getMessage());
    }

    @Test
    void readsATruncatedDataChunkAsFarAsItGoes() throws MediaFormatException {
        byte[] full = wav(48_000, 1, 16, pcm16(new short[2000]));
        byte[] truncated = Arrays.copyOf(full, full.length - 1001);
        assertEquals(1499, WavReader.parse(truncated, EndOfClip.LOOP).clipSamples());
    }
}
