package io.confab.transcription.diarization;

import io.confab.transcription.transcript.Word;

import java.util.List;

/**
 * A stretch of one speaker's words on a shared channel.
 *
 * @param speaker "Speaker 1", "Speaker 2", ... numbered in order of first appearance
 */
public record SpeakerTurn(String speaker, long startMs, long endMs, List<Word> words) {
    public SpeakerTurn {
        words = List.copyOf(words);
    }

    public String text() {
        return String.join(" ", words.stream().map(Word::text).toList());
    }
}
