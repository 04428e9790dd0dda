package io.confab.transcription.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.codec.PcmResampler;
import io.confab.media.file.MediaFormatException;
import io.confab.transcription.TestSpeech;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.recognition.RecognizerPool;
import io.confab.transcription.bench.Espeak;
import io.confab.transcription.bench.OpusRoundTrip;
import io.confab.transcription.bench.SpeechCorpus;
import io.confab.transcription.recognition.SpeechStream;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.transcript.Word;
import io.confab.transcription.wer.WordErrorRate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Files in, segments out; and the same words as the live path for the same audio. */
class BatchTranscriberTest {

    @TempDir
    Path dir;

    @Test
    void aFileAndALiveStreamOfTheSameAudioGiveTheSameWords() throws IOException {
        // As the job will hear a track: 48 kHz from the Opus decoder, resampled in 20 ms pieces.
        short[] opus48k = OpusRoundTrip.encodeDecode(speech48k(1), OpusRoundTrip.BOT_BITRATE);
        Path wav = TestSpeech.writeWav(dir.resolve("track.wav"), opus48k, 48_000);
        // Fresh recognizers for both: a recognizer's lazily built graph makes its results depend a
        // little on what it decoded before.
        TranscriptionConfig config = TestSpeech.transcriber().config();
        RecognizerPool livePool = new RecognizerPool(TestSpeech.transcriber().model(), 1);
        RecognizerPool batchPool = new RecognizerPool(TestSpeech.transcriber().model(), 1);

        SpeechStream live = new SpeechStream(livePool, config);
        List<Recognition> results = new ArrayList<>();
        short[] liveAudio = new short[0];
        try (PcmResampler resampler = new PcmResampler(48_000, 16_000)) {
            for (int at = 0; at <= opus48k.length; at += 960) {
                short[] pcm16k = at < opus48k.length ? resampler.resample(opus48k, at, Math.min(960, opus48k.length - at))
                        : resampler.flush();
                liveAudio = concat(liveAudio, pcm16k);
                results.addAll(live.accept(pcm16k));
            }
        }
        results.addAll(live.finish());
        List<String> liveWords = results.stream().filter(r -> r instanceof Segment).flatMap(r -> ((Segment) r).words().stream())
                .map(Word::text).toList();

        BatchTranscript batch = new BatchTranscriber(batchPool, config).transcribe(wav, BatchProgress.NONE);
        livePool.close();
        batchPool.close();
        List<String> batchWords = batch.words().stream().map(Word::text).toList();

        // The recognizer hears exactly the same samples on both paths...
        assertArrayEquals(liveAudio, Espeak.decode(wav, 16_000), "the file decoder and the live resampler agree sample for sample");
        assertEquals(liveAudio.length * 1000L / 16_000, batch.audio().toMillis(), 1);
        // ...and says the same words. Vosk's shared model caches parts of its graph as they are used,
        // so across one JVM's history a word can flip (seen once: "like" for "mike"): at most one in ten.
        assertFalse(liveWords.isEmpty());
        WordErrorRate between = WordErrorRate.of(liveWords, batchWords);
        assertTrue(between.rate() <= 0.1, "live " + liveWords + "\n batch " + batchWords + "\n " + between);
        assertEquals(liveWords.size(), batchWords.size(), "live " + liveWords + "\n batch " + batchWords);
    }

    private static short[] concat(short[] a, short[] b) {
        short[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theRecordingsM4aIsTranscribedWithProgress() throws IOException, InterruptedException {
        Path wav = TestSpeech.writeWav(dir.resolve("speech.wav"), speech48k(2), 48_000);
        Path m4a = dir.resolve("recording.m4a");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-i", wav.toString(), "-c:a", "aac", "-b:a", "64k",
                m4a.toString()).redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, "ffmpeg made the M4A: " + output);

        List<Duration> done = new ArrayList<>();
        List<Optional<Duration>> totals = new ArrayList<>();
        BatchTranscript transcript = TestSpeech.transcriber().transcribe(m4a, (progress, total) -> {
            done.add(progress);
            totals.add(total);
        });

        String reference = String.join(" ", SpeechCorpus.sentences(2));
        WordErrorRate wer = WordErrorRate.of(reference, transcript.text());
        assertTrue(wer.rate() < 0.35, wer + " for '" + transcript.text() + "'");
        assertTrue(done.size() >= 5, "progress about every second of audio: " + done);
        for (int i = 1; i < done.size(); i++) {
            assertTrue(done.get(i).compareTo(done.get(i - 1)) >= 0, "progress only moves forward: " + done);
        }
        Duration total = totals.get(0).orElseThrow(() -> new AssertionError("an M4A states its duration"));
        assertEquals(total.toMillis(), done.get(done.size() - 1).toMillis(), 100, "the last report is the whole file");
        for (int i = 1; i < transcript.segments().size(); i++) {
            assertTrue(transcript.segments().get(i).startMs() >= transcript.segments().get(i - 1).endMs() - 40, "segments in order");
        }
    }

    @Test
    void aFileWaitsForABusyPoolInsteadOfDroppingAudio() throws Exception {
        short[] speech = speech48k(0);
        Path wav = TestSpeech.writeWav(dir.resolve("waits.wav"), speech, 48_000);
        try (RecognizerPool pool = new RecognizerPool(TestSpeech.transcriber().model(), 1)) {
            io.confab.transcription.recognition.PooledRecognizer busy = pool.tryAcquire().orElseThrow();
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                busy.release();
            });
            releaser.start();
            BatchTranscript transcript = new BatchTranscriber(pool, TestSpeech.transcriber().config()).transcribe(wav, BatchProgress.NONE);
            releaser.join();

            assertEquals(0, transcript.counters().framesDropped(), transcript.counters().toString());
            assertTrue(transcript.counters().recognizerWaits() >= 1, transcript.counters().toString());
            WordErrorRate wer = WordErrorRate.of(String.join(" ", SpeechCorpus.sentences(0)), transcript.text());
            assertTrue(wer.rate() < 0.35, wer + ": " + transcript.text());
        }
    }

    @Test
    void aMissingFileOrOneWithoutAudioIsAClearError() throws IOException {
        Path missing = dir.resolve("nothing-here.m4a");
        MediaFormatException noFile = assertThrows(MediaFormatException.class,
                () -> TestSpeech.transcriber().transcribe(missing, BatchProgress.NONE));
        assertEquals(missing + ": no such readable file", noFile.getMessage());

        Path text = Files.writeString(dir.resolve("notes.mp3"), "these are meeting notes, not audio");
        MediaFormatException notMedia = assertThrows(MediaFormatException.class,
                () -> TestSpeech.transcriber().transcribe(text, BatchProgress.NONE));
        assertTrue(notMedia.getMessage().startsWith(text + ": "), notMedia.getMessage());
    }

    /** Voice {@code voice}'s three sentences at 48 kHz with a second of silence around each. */
    private short[] speech48k(int voice) throws IOException {
        List<short[]> parts = new ArrayList<>();
        int length = 48_000;
        for (String sentence : SpeechCorpus.sentences(voice)) {
            short[] pcm = Espeak.pcm(SpeechCorpus.VOICES.get(voice), sentence, dir, 48_000);
            parts.add(pcm);
            length += pcm.length + 48_000;
        }
        short[] out = new short[length];
        int at = 48_000;
        for (short[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length + 48_000;
        }
        return out;
    }
}
