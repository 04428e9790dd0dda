package io.confab.transcription.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.transcription.TestSpeech;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.bench.SpeechCorpus;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.wer.WordErrorRate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class RecognizerPoolTest {

    @Test
    void lendsAtMostItsCapacityAndReusesWhatComesBack() throws InterruptedException {
        try (RecognizerPool pool = new RecognizerPool(TestSpeech.transcriber().model(), 2)) {
            PooledRecognizer first = pool.tryAcquire().orElseThrow();
            PooledRecognizer second = pool.tryAcquire().orElseThrow();
            assertTrue(pool.tryAcquire().isEmpty(), "a third is refused at once");
            assertEquals(1, pool.refusals());
            assertThrows(IllegalStateException.class, () -> pool.acquire(Duration.ofMillis(50)));

            second.release();
            assertSame(second, pool.tryAcquire().orElseThrow(), "the recognizer given back is lent again");
            first.release();
            assertSame(first, pool.acquire(Duration.ofSeconds(1)));
            assertEquals(2, pool.created(), "never more recognizers than the capacity");
        }
    }

    @Test
    void aReleasedRecognizerCannotBeUsedByItsFormerBorrower() {
        try (RecognizerPool pool = new RecognizerPool(TestSpeech.transcriber().model(), 1)) {
            PooledRecognizer recognizer = pool.tryAcquire().orElseThrow();
            recognizer.release();
            assertThrows(IllegalStateException.class, () -> recognizer.accept(new short[320], 320));
        }
    }

    @Test
    void streamsThatFindEveryRecognizerBusyWaitWithTheirAudioAndCatchUp() {
        // Three voices speak at once on one thread with one recognizer: two streams must hold their
        // audio until the first gives the recognizer back, and still hear every sentence.
        TranscriptionConfig config = TranscriptionConfig.defaults().withCacheDirectory(TestSpeech.cache());
        try (RecognizerPool pool = new RecognizerPool(TestSpeech.transcriber().model(), 1)) {
            List<short[]> tracks = new ArrayList<>();
            List<SpeechStream> streams = new ArrayList<>();
            List<List<Recognition>> results = new ArrayList<>();
            for (String voice : SpeechCorpus.VOICES) {
                tracks.add(SpeechCorpus.track(TestSpeech.voice(voice).subList(0, 1), 1.0));
                streams.add(new SpeechStream(pool, config));
                results.add(new ArrayList<>());
            }
            int longest = tracks.stream().mapToInt(t -> t.length).max().orElseThrow();
            for (int at = 0; at < longest + 16_000 * 12; at += 320) {
                for (int i = 0; i < tracks.size(); i++) {
                    short[] chunk = new short[320];
                    if (at < tracks.get(i).length) {
                        System.arraycopy(tracks.get(i), at, chunk, 0, Math.min(320, tracks.get(i).length - at));
                    }
                    results.get(i).addAll(streams.get(i).accept(chunk));
                }
            }
            for (int i = 0; i < tracks.size(); i++) {
                results.get(i).addAll(streams.get(i).finish());
                StreamCounters counters = streams.get(i).counters();
                String reference = TestSpeech.voice(SpeechCorpus.VOICES.get(i)).get(0).text();
                WordErrorRate wer = WordErrorRate.of(reference, SpeechStreamTest.text(results.get(i)));
                assertTrue(wer.rate() < 0.35, SpeechCorpus.VOICES.get(i) + " after waiting: " + wer);
                assertEquals(0, counters.framesDropped(), counters.toString());
            }
            long waited = streams.stream().filter(s -> s.counters().recognizerWaits() > 0).count();
            assertEquals(2, waited, "two of the three streams waited for the one recognizer");
            assertEquals(1, pool.created());
        }
    }
}
