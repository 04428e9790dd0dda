package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.TestSignals;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.junit.jupiter.api.Test;

class AacEncoderTest {
    /** One second of a 1 kHz tone in the left channel and 3 kHz in the right, at half scale. */
    private static short[] stereoTones() {
        short[] left = TestSignals.sine(48_000, 1000, 48_000, 0.5);
        short[] right = TestSignals.sine(48_000, 3000, 48_000, 0.5);
        short[] interleaved = new short[2 * 48_000];
        for (int i = 0; i < 48_000; i++) {
            interleaved[2 * i] = left[i];
            interleaved[2 * i + 1] = right[i];
        }
        return interleaved;
    }

    /** Sign changes per second: twice the frequency of a pure tone. */
    private static double frequency(float[] samples) {
        int crossings = 0;
        for (int i = 1; i < samples.length; i++) {
            crossings += (samples[i - 1] < 0) != (samples[i] < 0) ? 1 : 0;
        }
        return crossings / 2.0 * 48_000 / samples.length;
    }

    private static double rms(float[] samples) {
        double squares = 0;
        for (float sample : samples) {
            squares += sample * sample;
        }
        return Math.sqrt(squares / samples.length);
    }

    @Test
    void encodesStereoFramesThatFfmpegsDecoderPlaysBackAsTheSameTones() {
        short[] pcm = stereoTones();
        List<EncodedPacket> packets = new ArrayList<>();
        try (AacEncoder encoder = new AacEncoder(2, 128_000)) {
            assertEquals(1024, encoder.frameSize());
            int frames = pcm.length / (2 * 1024);
            short[] frame = new short[2 * 1024];
            for (int i = 0; i < frames; i++) {
                System.arraycopy(pcm, i * 2 * 1024, frame, 0, frame.length);
                List<EncodedPacket> out = encoder.encode(frame, (long) i * 1024);
                assertEquals(i == 0 ? 0 : 1, out.size(), "frame " + i + ": the priming delays the first packet by one call");
                packets.addAll(out);
            }
            packets.addAll(encoder.flush());
            assertEquals(frames + 1, packets.size(), "each frame and the priming come out");
            for (int i = 0; i < packets.size(); i++) {
                assertEquals(-1024 + i * 1024L, packets.get(i).pts(), "packet " + i + " runs 1024 behind the input");
                assertEquals(packets.get(i).pts(), packets.get(i).dts());
                assertTrue(packets.get(i).keyFrame());
            }
            AVCodecParameters parameters = avcodec_parameters_alloc();
            try {
                encoder.copyParametersTo(parameters);
                assertEquals(AV_CODEC_ID_AAC, parameters.codec_id());
                assertEquals(48_000, parameters.sample_rate());
                assertEquals(2, parameters.ch_layout().nb_channels());
                assertEquals(1024, parameters.initial_padding());
                assertTrue(parameters.extradata_size() >= 2, "AudioSpecificConfig in the extradata");
            } finally {
                avcodec_parameters_free(parameters);
            }
            List<float[][]> decoded = new ArrayList<>();
            try (TestDecoder decoder = new TestDecoder("aac", encoder::copyParametersTo)) {
                for (EncodedPacket packet : packets) {
                    decoded.addAll(decoder.audio(packet.data()));
                }
            }
            // Skip the priming and the first frames, while the encoder's model settles.
            float[] left = new float[20 * 1024];
            float[] right = new float[20 * 1024];
            for (int i = 0; i < 20; i++) {
                System.arraycopy(decoded.get(10 + i)[0], 0, left, i * 1024, 1024);
                System.arraycopy(decoded.get(10 + i)[1], 0, right, i * 1024, 1024);
            }
            assertEquals(1000, frequency(left), 20, "left channel");
            assertEquals(3000, frequency(right), 60, "right channel");
            // A half-scale sine: RMS 0.354.
            assertEquals(0.354, rms(left), 0.04, "left level");
            assertEquals(0.354, rms(right), 0.04, "right level");
        }
    }

    @Test
    void takesMonoAndRefusesAnythingButOneWholeFrame() {
        try (AacEncoder encoder = new AacEncoder(1, 64_000)) {
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new short[2048], 0));
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new short[1000], 0));
            encoder.encode(new short[1024], 0);
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new short[1024], 1000), "overlaps");
            encoder.encode(new short[1024], 1024);
            List<EncodedPacket> tail = encoder.flush();
            assertTrue(tail.size() >= 1, "flush gives what was held");
            assertThrows(IllegalStateException.class, () -> encoder.encode(new short[1024], 2048));
        }
        assertThrows(IllegalArgumentException.class, () -> new AacEncoder(3, 64_000));
        assertThrows(IllegalArgumentException.class, () -> new AacEncoder(2, 1_000));
    }
}
