package io.confab.transcription.vad;

/**
 * Thresholds of the {@link VoiceActivityDetector}, all per 20 ms frame at 16 kHz. The defaults were
 * tuned on espeak-ng speech (three voices, after Opus at 32 kbit/s), digital silence, white noise
 * and low-passed (brown) noise: see the module README.
 *
 * @param minLevelDb     a frame quieter than this (dBFS, RMS) is never speech: -50 dBFS is well
 *                       under conversational speech into a browser microphone (-30 to -15 dBFS)
 * @param marginDb       a voiced frame stands this far above the tracked noise floor
 * @param maxZeroCrossingRate voiced speech crosses zero rarely (pitch and formants under 1 kHz: under
 *                       about 0.25 per sample at 16 kHz); white noise crosses about every other sample
 * @param onsetFrames    consecutive voiced frames that start speech (a click is one frame)
 * @param hangoverFrames frames that stay "speech" after the last voiced one: covers unvoiced
 *                       consonants, the gaps between words and the recognizer's own end-pointing
 * @param preRollFrames  frames before the onset fed to the recognizer too, so a word's unvoiced start
 *                       (the "s" of "six") is not cut
 */
public record VadSettings(double minLevelDb, double marginDb, double maxZeroCrossingRate, int onsetFrames,
                          int hangoverFrames, int preRollFrames) {

    public static final VadSettings DEFAULTS = new VadSettings(-50, 9, 0.25, 3, 40, 15);

    public VadSettings {
        if (onsetFrames < 1 || hangoverFrames < 0 || preRollFrames < 0 || maxZeroCrossingRate <= 0 || maxZeroCrossingRate > 1) {
            throw new IllegalArgumentException("voice activity settings out of range: " + this);
        }
    }
}
