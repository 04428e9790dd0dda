package io.confab.transcription.diarization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.transcription.TestSpeech;
import io.confab.transcription.bench.SpeechCorpus;
import io.confab.transcription.recognition.RecognizerPool;
import io.confab.transcription.recognition.SpeechStream;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.transcript.Word;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Two espeak-ng voices taking turns on one channel (after Opus), told apart without knowing who is who. */
class SpeakerDiarizerTest {
    private static final double GAP = 0.6;

    @Test
    void aMaleAndAFemaleVoiceTakingTurnsAreTwoSpeakersWithTheirWords() {
        double accuracy = accuracy("en-us", "en-us+f3", 2);
        assertTrue(accuracy >= 0.9, "words attributed to the right speaker: " + accuracy);
    }

    @Test
    void oneVoiceIsOneSpeaker() {
        List<SpeechCorpus.Line> lines = TestSpeech.voice("en-gb");
        short[] channel = SpeechCorpus.track(lines, GAP);
        List<SpeakerTurn> turns = new SpeakerDiarizer(4).diarize(channel, transcribe(channel));
        assertEquals(List.of("Speaker 1"), turns.stream().map(SpeakerTurn::speaker).distinct().toList(), turns.toString());
    }

    /** Fraction of recognized words labelled with their true speaker, under the best label mapping. */
    private static double accuracy(String voiceA, String voiceB, int expectedSpeakers) {
        List<SpeechCorpus.Line> a = TestSpeech.voice(voiceA);
        List<SpeechCorpus.Line> b = TestSpeech.voice(voiceB);
        List<SpeechCorpus.Line> turns = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            turns.add(a.get(i));
            truth.add(0);
            turns.add(b.get(i));
            truth.add(1);
        }
        short[] channel = SpeechCorpus.track(turns, GAP);
        // Each turn's span on the channel, to judge every word by where it was spoken.
        List<long[]> spans = new ArrayList<>();
        double at = GAP;
        for (SpeechCorpus.Line line : turns) {
            spans.add(new long[]{Math.round(at * 1000), Math.round((at + line.seconds()) * 1000)});
            at += line.seconds() + GAP;
        }

        List<SpeakerTurn> found = new SpeakerDiarizer(4).diarize(channel, transcribe(channel));

        Map<String, int[]> votes = new TreeMap<>();
        int words = 0;
        for (SpeakerTurn turn : found) {
            for (Word word : turn.words()) {
                long middle = (word.startMs() + word.endMs()) / 2;
                for (int s = 0; s < spans.size(); s++) {
                    if (middle >= spans.get(s)[0] - 200 && middle <= spans.get(s)[1] + 200) {
                        votes.computeIfAbsent(turn.speaker(), k -> new int[2])[truth.get(s)]++;
                        words++;
                        break;
                    }
                }
            }
        }
        assertEquals(expectedSpeakers, votes.size(), "speakers found: " + votes.keySet() + " in " + found);
        int[] one = votes.get("Speaker 1");
        int[] two = votes.get("Speaker 2");
        int correct = Math.max(one[0] + two[1], one[1] + two[0]);
        double accuracy = (double) correct / words;
        System.out.printf(Locale.ROOT, "diarization %s / %s: %d turns found, %d of %d words to the right speaker (%.3f)%n",
                voiceA, voiceB, found.size(), correct, words, accuracy);
        return accuracy;
    }

    private static List<Segment> transcribe(short[] channel) {
        try (RecognizerPool pool = new RecognizerPool(TestSpeech.transcriber().model(), 1)) {
            SpeechStream stream = new SpeechStream(pool, TestSpeech.transcriber().config());
            List<Recognition> results = new ArrayList<>(stream.accept(channel));
            results.addAll(stream.finish());
            return results.stream().filter(r -> r instanceof Segment).map(r -> (Segment) r).toList();
        }
    }
}
