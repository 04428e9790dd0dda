package io.confab.media.audio;

import java.util.Arrays;

/**
 * Where the bot's microphone audio comes from: 20 ms frames of 48 kHz mono 16-bit PCM, the frame
 * Opus is sent in (RFC 7587 §4.2: the RTP clock is 48 kHz whatever the audio bandwidth).
 * Implementations are not thread-safe.
 */
public interface AudioSource {
    int SAMPLE_RATE = 48_000;
    int FRAME_MILLIS = 20;
    /** 48 000 Hz × 20 ms. */
    int SAMPLES_PER_FRAME = SAMPLE_RATE * FRAME_MILLIS / 1000;

    /**
     * Writes the next frame into {@code frame[0..SAMPLES_PER_FRAME)} and returns its RFC 6464
     * audio level (0 loudest .. 127 silence), so the sender needs no second pass over the samples.
     *
     * @throws IllegalArgumentException if {@code frame} is shorter than {@link #SAMPLES_PER_FRAME}
     */
    int readFrame(short[] frame);

    /** A source of digital silence (level 127), for a bot that joins muted or has no clip. */
    static AudioSource silence() {
        return frame -> {
            requireFrameCapacity(frame);
            Arrays.fill(frame, 0, SAMPLES_PER_FRAME, (short) 0);
            return AudioLevelMeter.SILENCE;
        };
    }

    static void requireFrameCapacity(short[] frame) {
        if (frame == null || frame.length < SAMPLES_PER_FRAME) {
            throw new IllegalArgumentException("an audio frame needs room for " + SAMPLES_PER_FRAME + " samples");
        }
    }
}
