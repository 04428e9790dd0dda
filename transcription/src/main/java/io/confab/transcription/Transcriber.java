package io.confab.transcription;

import io.confab.media.file.MediaFormatException;
import io.confab.transcription.batch.BatchProgress;
import io.confab.transcription.batch.BatchTranscriber;
import io.confab.transcription.batch.BatchTranscript;
import io.confab.transcription.model.SpeechModel;
import io.confab.transcription.recognition.RecognizerPool;
import io.confab.transcription.recognition.SpeechStream;

import java.nio.file.Path;

/**
 * The module's front door: the model (loaded once per process), a bounded recognizer pool over it,
 * and the two ways in: a {@link SpeechStream} per live track, or a whole file.
 *
 * <pre>{@code
 * try (Transcriber transcriber = Transcriber.start(TranscriptionConfig.fromSystemProperties())) {
 *     SpeechStream track = transcriber.openStream();
 *     for (short[] pcm16k : decodedOpus) {
 *         for (Recognition r : track.accept(pcm16k)) { ... Partial → caption, Segment → transcript.segments ... }
 *     }
 *     track.finish();
 * }
 * }</pre>
 */
public final class Transcriber implements AutoCloseable {
    private final TranscriptionConfig config;
    private final SpeechModel model;
    private final RecognizerPool pool;

    private Transcriber(TranscriptionConfig config, SpeechModel model) {
        this.config = config;
        this.model = model;
        this.pool = new RecognizerPool(model, config.recognizers());
    }

    /**
     * Loads (or reuses) the model and makes the pool. A missing or damaged model throws
     * {@link io.confab.transcription.model.ModelUnavailable} with one line naming the path and what to do.
     */
    public static Transcriber start(TranscriptionConfig config) {
        return new Transcriber(config, SpeechModel.obtain(config));
    }

    /** A stream for one track, its times in ms from the first sample it is given. */
    public SpeechStream openStream() {
        return new SpeechStream(pool, config);
    }

    /** A file in any format FFmpeg reads, transcribed on the calling thread. */
    public BatchTranscript transcribe(Path file, BatchProgress progress) throws MediaFormatException {
        return new BatchTranscriber(pool, config).transcribe(file, progress);
    }

    /**
     * A file where several people share one channel (an upload, a room microphone): its transcript,
     * then its words split into {@code Speaker 1..N} turns by {@link io.confab.transcription.diarization.SpeakerDiarizer}.
     * The decoded channel is kept in memory meanwhile (about 115 MB per hour of audio).
     */
    public io.confab.transcription.diarization.DiarizedTranscript transcribeSpeakers(Path file, int maxSpeakers, BatchProgress progress)
            throws MediaFormatException {
        io.confab.transcription.diarization.Channel channel = new io.confab.transcription.diarization.Channel();
        BatchTranscript transcript = new BatchTranscriber(pool, config).transcribe(file, progress, channel::append);
        return new io.confab.transcription.diarization.DiarizedTranscript(transcript,
                new io.confab.transcription.diarization.SpeakerDiarizer(maxSpeakers).diarize(channel.samples(), transcript.segments()));
    }

    public TranscriptionConfig config() {
        return config;
    }

    public SpeechModel model() {
        return model;
    }

    public RecognizerPool pool() {
        return pool;
    }

    /** Frees the pool's recognizers; the model stays loaded for the process. */
    @Override
    public void close() {
        pool.close();
    }
}
