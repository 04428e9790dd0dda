package io.confab.transcription.recognition;

import org.vosk.Recognizer;

/**
 * A Vosk recognizer lent by a {@link RecognizerPool}, with the count of samples it has been fed
 * over its whole life. Vosk reports word times from that count (it keeps counting across final
 * results and resets), so a stream places words on its own timeline by remembering the count when
 * it started feeding.
 */
public final class PooledRecognizer {
    private final RecognizerPool pool;
    private final Recognizer vosk;
    private long samplesFed;
    private boolean lent = true;

    PooledRecognizer(RecognizerPool pool, Recognizer vosk) {
        this.pool = pool;
        this.vosk = vosk;
    }

    /** Feeds 16 kHz samples; true when Vosk's end-pointing found the end of an utterance ({@link #result()} is then final). */
    public boolean accept(short[] pcm, int length) {
        requireLent();
        samplesFed += length;
        return vosk.acceptWaveForm(pcm, length);
    }

    /** The final result after {@link #accept} returned true (JSON). */
    public String result() {
        requireLent();
        return vosk.getResult();
    }

    public String partialResult() {
        requireLent();
        return vosk.getPartialResult();
    }

    /** Ends the utterance now, whatever end-pointing thinks, and returns its result (JSON). */
    public String finalResult() {
        requireLent();
        return vosk.getFinalResult();
    }

    public long samplesFed() {
        return samplesFed;
    }

    /**
     * Back to the pool. What is left of an utterance that was not finished is finalized and dropped:
     * Vosk frees its feature pipeline on a final result, so the next borrower starts with fresh
     * features and i-vector (speaker adaptation), not the previous speaker's. ({@code reset()} would
     * keep the pipeline.)
     */
    public void release() {
        requireLent();
        lent = false;
        vosk.getFinalResult();
        pool.giveBack(this);
    }

    void lendAgain() {
        lent = true;
    }

    private void requireLent() {
        if (!lent) {
            throw new IllegalStateException("this recognizer was given back to its pool");
        }
    }

    void free() {
        vosk.close();
    }
}
