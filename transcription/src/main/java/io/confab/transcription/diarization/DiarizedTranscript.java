package io.confab.transcription.diarization;

import io.confab.transcription.batch.BatchTranscript;
import java.util.List;

/** A shared channel's transcript and who spoke which of its words, in turns named Speaker 1..N. */
public record DiarizedTranscript(BatchTranscript transcript, List<SpeakerTurn> turns) {
    public DiarizedTranscript {
        turns = List.copyOf(turns);
    }

    /** How many speakers the turns name. */
    public long speakers() {
        return turns.stream().map(SpeakerTurn::speaker).distinct().count();
    }
}
