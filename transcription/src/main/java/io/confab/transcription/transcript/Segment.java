package io.confab.transcription.transcript;

import java.util.List;

/**
 * A final piece of transcript: words with timings on the stream's timeline.
 *
 * @param segmentIndex the stream's count of segments before this one
 * @param startMs      the first word's start, ms from the stream's origin
 * @param endMs        the last word's end
 * @param confidence   the mean of the words' confidences, 0..1
 * @param cut          why the segment ended
 */
public record Segment(int segmentIndex, long startMs, long endMs, String text, List<Word> words, double confidence, Cut cut)
        implements Recognition {

    /** Why a segment ended. */
    public enum Cut {
        /** The recognizer's end-pointing found a pause. */
        PAUSE,
        /** The voice activity detector found the speech ended. */
        SPEECH_ENDED,
        /** The segment reached the longest allowed (30 s by default). */
        MAX_LENGTH,
        /** The stream ended. */
        STREAM_END
    }

    public Segment {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a segment has at least one word");
        }
    }

    public long durationMs() {
        return endMs - startMs;
    }
}
