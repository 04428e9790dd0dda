package io.confab.transcription.diarization;

import java.util.Arrays;

/** One channel's 16 kHz samples as they are decoded, kept whole for {@link SpeakerDiarizer}. */
public final class Channel {
    private short[] samples = new short[16_000 * 60];
    private int length;

    public void append(short[] pcm) {
        if (length + pcm.length > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(samples.length * 2, length + pcm.length));
        }
        System.arraycopy(pcm, 0, samples, length, pcm.length);
        length += pcm.length;
    }

    public short[] samples() {
        return Arrays.copyOf(samples, length);
    }
}
