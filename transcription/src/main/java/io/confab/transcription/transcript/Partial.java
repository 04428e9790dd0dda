package io.confab.transcription.transcript;

/**
 * The recognizer's current guess for the segment being spoken, for live captions; replaced by later
 * partials and finally by the {@link Segment} with the same {@code segmentIndex}.
 *
 * @param segmentIndex which segment of the stream this guesses (0, 1, ...)
 */
public record Partial(int segmentIndex, long startMs, long endMs, String text) implements Recognition {
}
