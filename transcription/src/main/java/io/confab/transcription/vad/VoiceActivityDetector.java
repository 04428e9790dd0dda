package io.confab.transcription.vad;

/**
 * Decides, frame by frame, whether a track is speaking, so that silent and noise-only audio never
 * reaches a recognizer. A frame is <em>voiced</em> when, after a 100 Hz high-pass, it is louder than
 * both an absolute floor and the tracked noise floor plus a margin, and crosses zero rarely (speech energy sits under 1 kHz;
 * hiss and white noise do not). Speech starts after {@code onsetFrames} voiced frames in a row and
 * lasts until {@code hangoverFrames} frames pass without one.
 *
 * <p>The noise floor follows the quietest recent frames: down at once, up slowly (about 1 dB per
 * second while frames are louder), so steady noise becomes the floor within seconds and speech
 * pauses keep pulling it back. It starts at the first frame's level, so a track that opens with
 * steady noise is not taken for speech. Pure state machine over 16-bit samples; one per stream.
 */
public final class VoiceActivityDetector {
    /** 20 ms at 16 kHz: an Opus packet's duration, and 2 of Vosk's 10 ms feature frames. */
    public static final int FRAME_SAMPLES = 320;
    /** dB the floor rises per frame while frames are louder than it: 1 dB/s. */
    private static final double FLOOR_RISE_DB = 0.02;
    /** Digital silence has no level; this stands in for it. */
    private static final double SILENCE_DB = -96;

    /**
     * One-pole high-pass at about 100 Hz (a = 1 / (1 + 2π·100/16000)): voices have next to nothing
     * below it, while rumble, hum and DC offset do, and would otherwise pass as loud, low-crossing
     * "speech".
     */
    private static final double HIGH_PASS = 1 / (1 + 2 * Math.PI * 100 / 16_000.0);

    private final VadSettings settings;
    private double previousInput;
    private double previousOutput;
    private double noiseFloorDb = Double.NaN;
    private int voicedRun;
    private int sinceVoiced = Integer.MAX_VALUE;
    private boolean speaking;
    private double lastLevelDb;
    private double lastZeroCrossingRate;

    public VoiceActivityDetector(VadSettings settings) {
        this.settings = settings;
    }

    /** Whether the track is speaking at this frame ({@link #FRAME_SAMPLES} samples from offset). */
    public boolean isSpeech(short[] pcm, int offset) {
        double sumSquares = 0;
        int crossings = 0;
        boolean previousPositive = previousOutput >= 0;
        for (int i = offset; i < offset + FRAME_SAMPLES; i++) {
            double input = pcm[i];
            double sample = HIGH_PASS * (previousOutput + input - previousInput);
            previousInput = input;
            previousOutput = sample;
            sumSquares += sample * sample;
            boolean positive = sample >= 0;
            if (positive != previousPositive) {
                crossings++;
            }
            previousPositive = positive;
        }
        double rms = Math.sqrt(sumSquares / FRAME_SAMPLES);
        double levelDb = rms < 1 ? SILENCE_DB : 20 * Math.log10(rms / 32768.0);
        double zeroCrossingRate = (double) crossings / FRAME_SAMPLES;
        lastLevelDb = levelDb;
        lastZeroCrossingRate = zeroCrossingRate;

        if (Double.isNaN(noiseFloorDb)) {
            noiseFloorDb = levelDb;
        }
        boolean voiced = levelDb >= settings.minLevelDb()
                && levelDb >= noiseFloorDb + settings.marginDb()
                && zeroCrossingRate <= settings.maxZeroCrossingRate();
        noiseFloorDb = levelDb < noiseFloorDb ? levelDb : noiseFloorDb + FLOOR_RISE_DB;

        voicedRun = voiced ? voicedRun + 1 : 0;
        sinceVoiced = voiced ? 0 : (sinceVoiced == Integer.MAX_VALUE ? sinceVoiced : sinceVoiced + 1);
        if (!speaking && voicedRun >= settings.onsetFrames()) {
            speaking = true;
        } else if (speaking && sinceVoiced > settings.hangoverFrames()) {
            speaking = false;
        }
        return speaking;
    }

    public boolean speaking() {
        return speaking;
    }

    /** The tracked noise floor, dBFS (for tuning and the README's figures). */
    public double noiseFloorDb() {
        return noiseFloorDb;
    }

    public double lastLevelDb() {
        return lastLevelDb;
    }

    public double lastZeroCrossingRate() {
        return lastZeroCrossingRate;
    }

    public VadSettings settings() {
        return settings;
    }
}
