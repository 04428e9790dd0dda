package io.confab.transcription.batch;

import io.confab.media.codec.AudioFileDecoder;
import io.confab.media.file.MediaFormatException;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.recognition.RecognizerPool;
import io.confab.transcription.recognition.SpeechStream;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An audio file in, its final segments out: {@link AudioFileDecoder} (any format FFmpeg reads,
 * resampled to 16 kHz mono) → the same {@link SpeechStream} the live path uses, so a file and a live
 * track with the same audio give the same words, except that a file waits for a busy pool instead of
 * holding audio. Partial results are not kept.
 */
public final class BatchTranscriber {
    private static final long PROGRESS_EVERY_SAMPLES = RecognizerPool.SAMPLE_RATE;

    private final RecognizerPool pool;
    private final TranscriptionConfig config;

    public BatchTranscriber(RecognizerPool pool, TranscriptionConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /**
     * Transcribes {@code file}; a file that is missing, not media or without audio fails with a
     * {@link MediaFormatException} naming it.
     */
    public BatchTranscript transcribe(Path file, BatchProgress progress) throws MediaFormatException {
        return transcribe(file, progress, pcm -> { });
    }

    /**
     * As {@link #transcribe(Path, BatchProgress)}, also handing {@code channel} every 16 kHz chunk the
     * recognizer gets: diarization needs the channel itself, and decoding the file twice would cost
     * more than keeping it (about 115 MB per hour).
     */
    public BatchTranscript transcribe(Path file, BatchProgress progress, java.util.function.Consumer<short[]> channel)
            throws MediaFormatException {
        List<Segment> segments = new ArrayList<>();
        try (AudioFileDecoder decoder = AudioFileDecoder.open(file, RecognizerPool.SAMPLE_RATE);
             SpeechStream stream = SpeechStream.waitingForRecognizers(pool, config)) {
            Optional<Duration> total = decoder.duration();
            long nextReport = PROGRESS_EVERY_SAMPLES;
            short[] pcm;
            while ((pcm = decoder.read()) != null) {
                channel.accept(pcm);
                keepFinals(stream.accept(pcm), segments);
                if (decoder.samplesRead() >= nextReport) {
                    nextReport += PROGRESS_EVERY_SAMPLES;
                    progress.progress(audio(decoder.samplesRead()), total);
                }
            }
            keepFinals(stream.finish(), segments);
            Duration audio = audio(decoder.samplesRead());
            progress.progress(audio, total);
            return new BatchTranscript(segments, audio, decoder.start(), stream.counters());
        }
    }

    private static void keepFinals(List<Recognition> results, List<Segment> segments) {
        for (Recognition result : results) {
            if (result instanceof Segment segment) {
                segments.add(segment);
            }
        }
    }

    private static Duration audio(long samples) {
        return Duration.ofMillis(samples * 1000 / RecognizerPool.SAMPLE_RATE);
    }
}
