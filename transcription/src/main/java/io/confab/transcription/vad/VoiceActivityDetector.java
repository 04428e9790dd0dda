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

    /**
     * Whether a frame of digital silence would only age this detector: not speaking, no voiced run
     * begun, and the high-pass's memory under one sample step (it then outputs less than 1 for
     * zeros, which {@link #isSpeech} measures as digital silence with no zero crossing). Then
     * {@link #hearSilence} does what {@link #isSpeech} would do with that many frames of zeros.
     */
    public boolean atRest() {
        return !speaking && voicedRun == 0 && Math.abs(previousOutput) < 1 && Math.abs(previousInput) < 1;
    }

    /**
     * {@code frames} frames of digital silence, without looking at samples: the same state as
     * {@link #isSpeech} over that many frames of zeros when {@link #atRest()} (the high-pass's
     * sub-step memory is then cleared to zero, where zeros would have let it decay). A transcriber
     * skips the samples of packets its sender marked silent.
     */
    public void hearSilence(long frames) {
        if (!atRest()) {
            throw new IllegalStateException("digital silence is only skipped while the detector is at rest");
        }
        if (frames <= 0) {
            return;
        }
        previousInput = 0;
        previousOutput = 0;
        lastLevelDb = SILENCE_DB;
        lastZeroCrossingRate = 0;
        sinceVoiced = (int) Math.min(Integer.MAX_VALUE, (long) sinceVoiced + frames);
        // Each silent frame maps the floor f to (-96 < f ? -96 : f + rise): from the second frame
        // on it swaps between -96 and -96 + rise, so only the parity of what is left matters.
        long left = frames;
        while (left > 0 && !(noiseFloorDb == SILENCE_DB || noiseFloorDb == SILENCE_DB + FLOOR_RISE_DB)) {
            if (Double.isNaN(noiseFloorDb)) {
                noiseFloorDb = SILENCE_DB;
            }
            noiseFloorDb = silentFloor(noiseFloorDb);
            left--;
        }
        if (left % 2 == 1) {
            noiseFloorDb = silentFloor(noiseFloorDb);
        }
    }

    private static double silentFloor(double floor) {
        return SILENCE_DB < floor ? SILENCE_DB : floor + FLOOR_RISE_DB;
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
