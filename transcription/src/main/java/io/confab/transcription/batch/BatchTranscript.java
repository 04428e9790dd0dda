package io.confab.transcription.batch;

import io.confab.transcription.recognition.StreamCounters;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.transcript.Word;

import java.time.Duration;
import java.util.List;

/**
 * A whole file's transcript: final segments in spoken order, times in ms from the file's start.
 *
 * @param audio   the audio decoded
 * @param start   where the audio begins on the file's timeline (a late joiner's track); segment times do not include it
 * @param counters what the speech stream did (frames recognized and skipped)
 */
public record BatchTranscript(List<Segment> segments, Duration audio, Duration start, StreamCounters counters) {
    public BatchTranscript {
        segments = List.copyOf(segments);
    }

    /** Every word, in order. */
    public List<Word> words() {
        return segments.stream().flatMap(s -> s.words().stream()).toList();
    }

    /** The words joined by spaces. */
    public String text() {
        return String.join(" ", words().stream().map(Word::text).toList());
    }
}
