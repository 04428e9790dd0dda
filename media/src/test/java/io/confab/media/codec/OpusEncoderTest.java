package io.confab.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.TestSignals;
import io.confab.media.audio.AudioSource;
import io.confab.media.file.EndOfClip;
import io.confab.media.file.MediaFormatException;
import io.confab.media.file.WavReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpusEncoderTest {
    /**
     * RFC 6716 §3.1, Table 2: the TOC configurations whose frames last 20 ms (SILK 1, 5, 9;
     * Hybrid 13, 15; CELT 19, 23, 27, 31).
     */
    private static final Set<Integer> TWENTY_MS_CONFIGS = Set.of(1, 5, 9, 13, 15, 19, 23, 27, 31);

    @Test
    void encodesFiftyFramesIntoFiftyMonoTwentyMillisecondPackets() throws MediaFormatException {
        short[] speechLike = TestSignals.sine(48_000, 440, 48_000, 0.5);
        WavReader source = WavReader.parse(TestSignals.wav(48_000, 1, 16, TestSignals.pcm16(speechLike)),
                EndOfClip.LOOP);
        List<byte[]> payloads = new ArrayList<>();
        short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];
        try (OpusEncoder encoder = new OpusEncoder()) {
            for (int i = 0; i < 50; i++) {
                source.readFrame(frame);
                payloads.add(encoder.encode(frame));
            }
        }
        assertEquals(50, payloads.size());
        int totalBytes = 0;
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            assertTrue(payload.length > 1, "payload " + i + " is " + payload.length + " bytes");
            int toc = payload[0] & 0xFF;
            assertTrue(TWENTY_MS_CONFIGS.contains(toc >>> 3), "payload " + i + " TOC config " + (toc >>> 3));
            assertEquals(0, toc & 0x04, "payload " + i + " should be mono (s=0)");
            assertEquals(0, toc & 0x03, "payload " + i + " should hold one frame (c=0)");
            totalBytes += payload.length;
        }
        // One second of audio at about 32 kbit/s is about 4000 bytes; allow rate control its slack.
        assertTrue(totalBytes > 1500 && totalBytes < 8000, "one second of Opus took " + totalBytes + " bytes");
    }

    @Test
    void encodesSilenceIntoSmallPackets() {
        short[] frame = new short[AudioSource.SAMPLES_PER_FRAME];
        AudioSource silence = AudioSource.silence();
        try (OpusEncoder encoder = new OpusEncoder()) {
            for (int i = 0; i < 10; i++) {
                silence.readFrame(frame);
                byte[] payload = encoder.encode(frame);
                assertTrue(payload.length >= 1 && payload.length < 40, "silence took " + payload.length + " bytes");
            }
        }
    }

    @Test
    void refusesUseAfterCloseAndShortFrames() {
        OpusEncoder encoder = new OpusEncoder(24_000);
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(new short[100]));
        encoder.close();
        encoder.close();
        assertThrows(IllegalStateException.class, () -> encoder.encode(new short[AudioSource.SAMPLES_PER_FRAME]));
        assertThrows(IllegalArgumentException.class, () -> new OpusEncoder(1_000));
    }
}
