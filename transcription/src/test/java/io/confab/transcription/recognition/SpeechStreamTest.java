package io.confab.transcription.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.transcription.TestNoise;
import io.confab.transcription.TestSpeech;
import io.confab.transcription.Transcriber;
import io.confab.transcription.bench.SpeechCorpus;
import io.confab.transcription.transcript.Partial;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.transcript.Word;
import io.confab.transcription.wer.TranscriptNormalizer;
import io.confab.transcription.wer.WordErrorRate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The streaming path on the real model: the baseline (espeak-ng voices after the bot's Opus) and
 * its word error rate, word timings on the stream's timeline, partial results, and what silence and
 * noise cost.
 */
class SpeechStreamTest {
    private static final double GAP_SECONDS = 1.5;

    @Test
    void theBaselineOfThreeVoicesAfterOpusIsTranscribedWithASaneWordErrorRate() {
        Transcriber transcriber = TestSpeech.transcriber();
        WordErrorRate pooled = WordErrorRate.NONE;
        for (String voice : SpeechCorpus.VOICES) {
            List<SpeechCorpus.Line> lines = TestSpeech.voice(voice);
            String reference = SpeechCorpus.reference(lines);
            List<Recognition> results = stream(transcriber, SpeechCorpus.track(lines, GAP_SECONDS), 320);
            String hypothesis = text(results);
            WordErrorRate wer = WordErrorRate.of(reference, hypothesis);
            pooled = pooled.plus(wer);

            assertTrue(wer.rate() < 0.35, voice + ": " + wer + "\n reference:  " + reference + "\n recognized: " + hypothesis);
            Set<String> heard = new HashSet<>(TranscriptNormalizer.words(hypothesis));
            List<String> referenceWords = TranscriptNormalizer.words(reference);
            long found = referenceWords.stream().filter(heard::contains).count();
            assertTrue(found >= 0.8 * referenceWords.size(), voice + ": only " + found + " of " + referenceWords.size()
                    + " reference words in '" + hypothesis + "'");
        }
        assertTrue(pooled.rate() < 0.25, "all voices: " + pooled);
    }

    @Test
    void wordsArePlacedOnTheStreamsTimelineWhereTheirSentenceWasSpoken() {
        List<SpeechCorpus.Line> lines = TestSpeech.voice("en-gb");
        short[] track = SpeechCorpus.track(lines, GAP_SECONDS);
        List<Segment> segments = finals(stream(TestSpeech.transcriber(), track, 480));

        // Sentence k occupies [start_k, end_k) on the track; every word must fall inside one of them.
        List<long[]> spans = new ArrayList<>();
        double at = GAP_SECONDS;
        for (SpeechCorpus.Line line : lines) {
            spans.add(new long[]{Math.round(at * 1000), Math.round((at + line.seconds()) * 1000)});
            at += line.seconds() + GAP_SECONDS;
        }
        long previousEnd = 0;
        for (Segment segment : segments) {
            for (Word word : segment.words()) {
                assertTrue(word.startMs() >= previousEnd - 40, "words in order: " + word + " after " + previousEnd);
                previousEnd = word.endMs();
                boolean inside = spans.stream().anyMatch(s -> word.startMs() >= s[0] - 100 && word.endMs() <= s[1] + 100);
                assertTrue(inside, word + " lies outside every spoken sentence " + spans.stream().map(s -> s[0] + ".." + s[1]).toList());
                assertTrue(word.confidence() > 0 && word.confidence() <= 1, word.toString());
            }
            assertEquals(segment.words().get(0).startMs(), segment.startMs());
            assertTrue(segment.confidence() > 0.5, "espeak's clear speech is recognized with confidence: " + segment);
        }
        assertTrue(segments.size() >= lines.size(), "a segment per sentence at least (pauses of 1.5 s): " + segments);
    }

    @Test
    void partialResultsComeWhileSpeakingAndTheFinalReplacesThem() {
        List<Recognition> results = stream(TestSpeech.transcriber(), SpeechCorpus.track(TestSpeech.voice("en-us+f3"), 1.0), 320);
        List<Partial> partials = results.stream().filter(r -> r instanceof Partial).map(r -> (Partial) r).toList();
        assertFalse(partials.isEmpty(), "partial results while speaking");
        for (Partial partial : partials) {
            Segment finalOne = finals(results).stream().filter(s -> s.segmentIndex() == partial.segmentIndex()).findFirst()
                    .orElseThrow(() -> new AssertionError("no final segment for " + partial));
            assertTrue(results.indexOf(finalOne) > results.indexOf(partial), "the final comes after its partials");
        }
    }

    @Test
    void silenceAndNoiseGiveNoWordsAndCostNoRecognizerTime() {
        Transcriber transcriber = TestSpeech.transcriber();
        long leasesBefore = transcriber.pool().leases();
        for (short[] input : List.of(new short[16_000 * 20], TestNoise.white(20, -25, 4), TestNoise.brown(20, -30, 5))) {
            SpeechStream stream = transcriber.openStream();
            List<Recognition> results = new ArrayList<>(stream.accept(input));
            results.addAll(stream.finish());
            StreamCounters counters = stream.counters();

            assertEquals(List.of(), results);
            assertEquals(1000, counters.framesIn());
            assertEquals(0, counters.framesRecognized(), counters.toString());
            assertEquals(1000, counters.framesSkipped(), counters.toString());
            assertEquals(0, counters.recognizerNanos(), counters.toString());
        }
        assertEquals(leasesBefore, transcriber.pool().leases(), "no recognizer was borrowed");
    }

    @Test
    void speechBetweenSilencesBorrowsARecognizerOnlyWhileSpoken() {
        List<SpeechCorpus.Line> lines = TestSpeech.voice("en-us").subList(0, 1);
        SpeechStream stream = TestSpeech.transcriber().openStream();
        short[] track = SpeechCorpus.track(lines, 5.0);
        List<Recognition> results = new ArrayList<>();
        for (int at = 0; at < track.length; at += 320) {
            results.addAll(stream.accept(track, at, Math.min(320, track.length - at)));
            if (at > (5.0 + lines.get(0).seconds() + 2.0) * 16_000) {
                assertFalse(stream.holdsRecognizer(), "the recognizer went back once the speech ended");
            }
        }
        results.addAll(stream.finish());
        StreamCounters counters = stream.counters();
        assertEquals(1, counters.utterances(), counters.toString());
        assertTrue(counters.framesSkipped() > 0.6 * counters.framesIn(), "the 10 s of silence were skipped: " + counters);
        assertFalse(finals(results).isEmpty());
    }

    /**
     * Silence given as a count (a transcriber's packets marked silent, never decoded) is heard as
     * zeros would be: the same words at the same times, the pre-roll and the detector's hangover
     * kept, and most frames never looked at.
     */
    @Test
    void silenceGivenAsACountGivesTheSameWordsAtTheSameTimesAsZeros() {
        List<SpeechCorpus.Line> lines = TestSpeech.voice("en-gb").subList(0, 2);
        short[] first = SpeechCorpus.track(lines.subList(0, 1), 0.0);
        short[] second = SpeechCorpus.track(lines.subList(1, 2), 0.0);
        int lead = 16_000 * 3 + 123;
        int pause = 16_000 * 4 + 77;
        Transcriber transcriber = TestSpeech.transcriber();

        SpeechStream zeros = transcriber.openStream();
        List<Recognition> heardFromZeros = new ArrayList<>(zeros.accept(new short[lead]));
        heardFromZeros.addAll(zeros.accept(first));
        heardFromZeros.addAll(zeros.accept(new short[pause]));
        heardFromZeros.addAll(zeros.accept(second));
        heardFromZeros.addAll(zeros.accept(new short[pause]));
        heardFromZeros.addAll(zeros.finish());

        SpeechStream counted = transcriber.openStream();
        List<Recognition> heardFromCount = new ArrayList<>(counted.acceptSilence(lead));
        heardFromCount.addAll(counted.accept(first));
        heardFromCount.addAll(counted.acceptSilence(pause));
        heardFromCount.addAll(counted.accept(second));
        heardFromCount.addAll(counted.acceptSilence(pause));
        heardFromCount.addAll(counted.finish());

        // A pooled recognizer used before gives the same words, but confidences a few thousandths and
        // times a millisecond apart (its sample count runs on): times are compared to Vosk's 10 ms frame.
        List<Segment> expected = finals(heardFromZeros);
        List<Segment> actual = finals(heardFromCount);
        assertEquals(expected.stream().map(Segment::text).toList(), actual.stream().map(Segment::text).toList(), "the same words");
        assertFalse(actual.isEmpty());
        for (int i = 0; i < expected.size(); i++) {
            for (int w = 0; w < expected.get(i).words().size(); w++) {
                Word zero = expected.get(i).words().get(w);
                Word count = actual.get(i).words().get(w);
                assertTrue(Math.abs(zero.startMs() - count.startMs()) <= 10 && Math.abs(zero.endMs() - count.endMs()) <= 10,
                        "'" + count.text() + "' at " + count.startMs() + ".." + count.endMs() + " ms, from zeros at " + zero.startMs()
                                + ".." + zero.endMs());
            }
        }
        StreamCounters c = counted.counters();
        assertEquals(zeros.counters().framesIn(), c.framesIn(), c.toString());
        assertEquals(zeros.counters().framesRecognized(), c.framesRecognized(), c.toString());
        assertTrue(c.framesSilent() > (lead + pause) / 320, "most silent frames were only counted: " + c);
        assertEquals(0, zeros.counters().framesSilent());
    }

    static List<Recognition> stream(Transcriber transcriber, short[] track, int chunk) {
        SpeechStream stream = transcriber.openStream();
        List<Recognition> results = new ArrayList<>();
        for (int at = 0; at < track.length; at += chunk) {
            results.addAll(stream.accept(track, at, Math.min(chunk, track.length - at)));
        }
        results.addAll(stream.finish());
        return results;
    }

    static List<Segment> finals(List<Recognition> results) {
        return results.stream().filter(r -> r instanceof Segment).map(r -> (Segment) r).toList();
    }

    static String text(List<Recognition> results) {
        return String.join(" ", finals(results).stream().map(Segment::text).toList());
    }
}
