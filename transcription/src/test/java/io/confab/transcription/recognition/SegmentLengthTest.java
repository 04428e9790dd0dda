package io.confab.transcription.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.transcription.TestSpeech;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.bench.Espeak;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.wer.TranscriptNormalizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Long speech is cut into segments no longer than the configured maximum (30 s by default). */
class SegmentLengthTest {
    /** Run-on speech without sentence breaks, so that nothing but the length rule has to end a segment. */
    private static final String MONOLOGUE = String.join(" ", List.of(
            "so the plan for this year is to grow the team and ship the new product to every customer we have",
            "and to do that we need to hire more people in support and in sales and we need to train them well",
            "and we also want to spend less on travel and more on the tools that help people work from home",
            "and I think we can do all of this if we keep talking to each other and keep the meetings short",
            "and if we write down what we decide so that nobody has to ask twice what the plan was and why",
            "and then we will look back at the end of the year and see that it was a good year for all of us"));

    @Test
    void aSeventySecondMonologueIsCutIntoSegmentsOfAtMostThirtySeconds() throws IOException {
        Monologue monologue = monologue(70);
        List<Segment> segments = SpeechStreamTest.finals(SpeechStreamTest.stream(TestSpeech.transcriber(), monologue.pcm(), 320));

        assertTrue(segments.size() >= 3, "70 s of speech in at least three segments: " + segments.size());
        for (Segment segment : segments) {
            assertTrue(segment.durationMs() <= 30_000, "segment of " + segment.durationMs() + " ms: " + segment.text());
        }
        long words = segments.stream().mapToLong(s -> s.words().size()).sum();
        double spoken = TranscriptNormalizer.words(MONOLOGUE).size() * monologue.timesSpoken();
        assertTrue(words > 0.7 * spoken, words + " words recognized of about " + spoken + " spoken");
    }

    @Test
    void whenNothingElseEndsASegmentTheLengthLimitDoes() throws IOException {
        TranscriptionConfig config = TranscriptionConfig.defaults().withCacheDirectory(TestSpeech.cache())
                .withMaxSegment(Duration.ofSeconds(4));
        short[] speech = monologue(20).pcm();
        SpeechStream stream = new SpeechStream(TestSpeech.transcriber().pool(), config);
        List<Recognition> results = new ArrayList<>();
        for (int at = 0; at < speech.length; at += 320) {
            results.addAll(stream.accept(speech, at, Math.min(320, speech.length - at)));
        }
        results.addAll(stream.finish());
        List<Segment> segments = SpeechStreamTest.finals(results);

        assertTrue(stream.counters().forcedCuts() >= 3, "20 s of run-on speech forced cuts at 4 s: " + stream.counters());
        assertTrue(segments.stream().anyMatch(s -> s.cut() == Segment.Cut.MAX_LENGTH), segments.toString());
        for (Segment segment : segments) {
            assertTrue(segment.durationMs() <= 4_000, "segment of " + segment.durationMs() + " ms over the 4 s limit");
        }
        assertEquals(segments.size(), stream.counters().segments());
    }

    /** @param timesSpoken how many times the text fits in the audio (fractional for the cut-off end) */
    private record Monologue(short[] pcm, double timesSpoken) {
    }

    private static short[] once;

    /** The monologue spoken by espeak-ng, repeated until it lasts {@code seconds}, at 16 kHz. */
    private static synchronized Monologue monologue(double seconds) throws IOException {
        if (once == null) {
            once = Espeak.pcm("en-us", MONOLOGUE, TestSpeech.scratch(), 16_000);
        }
        int target = (int) (seconds * 16_000);
        short[] speech = new short[target];
        for (int at = 0; at < target; at += once.length) {
            System.arraycopy(once, 0, speech, at, Math.min(once.length, target - at));
        }
        return new Monologue(speech, (double) target / once.length);
    }
}
