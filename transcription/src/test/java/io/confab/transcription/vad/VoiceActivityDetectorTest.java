package io.confab.transcription.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.transcription.TestNoise;
import io.confab.transcription.TestSpeech;
import io.confab.transcription.bench.SpeechCorpus;
import org.junit.jupiter.api.Test;

/** The detector on silence, noises and the espeak-ng voices after Opus: the signals its defaults were tuned on. */
class VoiceActivityDetectorTest {
    private static final int FRAME = VoiceActivityDetector.FRAME_SAMPLES;

    @Test
    void digitalSilenceAndDitherAreNeverSpeech() {
        assertEquals(0, speechFrames(new short[16_000 * 10]));
        short[] dither = new short[16_000 * 10];
        for (int i = 0; i < dither.length; i++) {
            dither[i] = (short) ((i * 7919) % 5 - 2);
        }
        assertEquals(0, speechFrames(dither));
    }

    @Test
    void whiteNoiseIsNeverSpeechEvenWhenLoud() {
        for (double level : new double[]{-50, -35, -20, -10}) {
            assertEquals(0, speechFrames(TestNoise.white(10, level, 1)), "white noise at " + level + " dBFS");
        }
    }

    @Test
    void steadyLowFrequencyNoiseIsNeverSpeech() {
        for (double level : new double[]{-45, -30, -15}) {
            assertEquals(0, speechFrames(TestNoise.brown(10, level, 2)), "brown noise at " + level + " dBFS");
        }
    }

    @Test
    void everyVoiceIsFoundFromItsFirstWordToItsLast() {
        for (SpeechCorpus.Line line : TestSpeech.corpus()) {
            short[] track = SpeechCorpus.track(java.util.List.of(line), 1.0);
            VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.DEFAULTS);
            int firstSpeech = -1;
            int lastSpeech = -1;
            for (int f = 0; f + FRAME <= track.length; f += FRAME) {
                if (vad.isSpeech(track, f)) {
                    firstSpeech = firstSpeech < 0 ? f : firstSpeech;
                    lastSpeech = f;
                }
            }
            int speechStart = 16_000;
            int speechEnd = 16_000 + line.pcm16k().length;
            assertTrue(firstSpeech >= 0, line.voice() + " '" + line.text() + "' was never speech");
            // The pre-roll (300 ms) covers what comes before the onset.
            assertTrue(firstSpeech - speechStart < 16_000 * 3 / 10 + 2_000, line.voice() + ": onset at sample " + firstSpeech
                    + ", the clip starts at " + speechStart + " with espeak's own lead-in");
            assertTrue(lastSpeech >= speechEnd - 16_000 / 5, line.voice() + ": speech ended at sample " + lastSpeech
                    + " before the clip's end " + speechEnd);
            assertTrue(lastSpeech <= speechEnd + 16_000, line.voice() + ": hangover ran past a second of silence");
        }
    }

    @Test
    void speechOverSteadyNoiseIsStillFound() {
        SpeechCorpus.Line line = TestSpeech.corpus().get(0);
        short[] track = SpeechCorpus.track(java.util.List.of(line), 3.0);
        short[] noise = TestNoise.brown(track.length / 16_000.0 + 1, -45, 3);
        for (int i = 0; i < track.length; i++) {
            track[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, track[i] + noise[i]));
        }
        int frames = speechFrames(track);
        int speechFrames = line.pcm16k().length / FRAME;
        assertTrue(frames > speechFrames / 2, frames + " speech frames for a " + speechFrames + "-frame sentence over noise");
    }

    /**
     * A transcriber skips the samples of packets marked silent: counted silence must leave the
     * detector where zeros would, or the next word's onset and the noise floor would differ.
     */
    @Test
    void silenceHeardAsACountLeavesTheDetectorWhereZerosWould() {
        SpeechCorpus.Line line = TestSpeech.corpus().get(0);
        short[] sentence = SpeechCorpus.track(java.util.List.of(line), 0.5);
        for (int silentFrames : new int[]{1, 2, 57, 500}) {
            VoiceActivityDetector sampled = new VoiceActivityDetector(VadSettings.DEFAULTS);
            VoiceActivityDetector counted = new VoiceActivityDetector(VadSettings.DEFAULTS);
            for (VoiceActivityDetector vad : new VoiceActivityDetector[]{sampled, counted}) {
                for (int f = 0; f + FRAME <= sentence.length; f += FRAME) {
                    vad.isSpeech(sentence, f);
                }
                short[] zero = new short[FRAME];
                while (!vad.atRest()) {
                    vad.isSpeech(zero, 0);
                }
            }
            short[] zeros = new short[FRAME * silentFrames];
            for (int f = 0; f < silentFrames; f++) {
                sampled.isSpeech(zeros, f * FRAME);
            }
            counted.hearSilence(silentFrames);
            assertEquals(sampled.noiseFloorDb(), counted.noiseFloorDb(), "the noise floor after " + silentFrames + " silent frames");
            assertEquals(sampled.speaking(), counted.speaking());
            for (int f = 0; f + FRAME <= sentence.length; f += FRAME) {
                assertEquals(sampled.isSpeech(sentence, f), counted.isSpeech(sentence, f),
                        "the same decision on the next sentence's frame " + f / FRAME + " after " + silentFrames + " silent frames");
            }
        }
    }

    @Test
    void silenceIsNotCountedPastSpeechStillHangingOver() {
        SpeechCorpus.Line line = TestSpeech.corpus().get(0);
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.DEFAULTS);
        short[] speech = line.pcm16k();
        for (int f = 0; f + FRAME <= speech.length; f += FRAME) {
            vad.isSpeech(speech, f);
        }
        assertTrue(!vad.atRest(), "right after a sentence the hangover runs");
        try {
            vad.hearSilence(10);
            throw new AssertionError("counted silence was taken during the hangover");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("at rest"), expected.getMessage());
        }
    }

    private static int speechFrames(short[] pcm) {
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.DEFAULTS);
        int speech = 0;
        for (int f = 0; f + FRAME <= pcm.length; f += FRAME) {
            if (vad.isSpeech(pcm, f)) {
                speech++;
            }
        }
        return speech;
    }
}
