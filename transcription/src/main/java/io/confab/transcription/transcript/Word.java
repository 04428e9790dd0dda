package io.confab.transcription.transcript;

/**
 * One recognized word on the stream's timeline.
 *
 * @param startMs    milliseconds from the stream's origin (its first sample)
 * @param endMs      end, exclusive
 * @param confidence the recognizer's posterior for the word, 0..1
 */
public record Word(String text, long startMs, long endMs, double confidence) {
    public Word {
        if (text == null || text.isBlank() || endMs < startMs) {
            throw new IllegalArgumentException("word '" + text + "' " + startMs + ".." + endMs + " ms");
        }
    }
}
