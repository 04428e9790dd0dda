package io.confab.storage.transcript;

/**
 * One stretch of a transcript as the files show it: who spoke, when (milliseconds from the file's
 * origin: the recording's start for a recording's files, the meeting run's start otherwise) and what.
 */
public record TranscriptCue(String speakerParticipantId, String speaker, long startMs, long endMs, String text) {

    public TranscriptCue {
        if (endMs < startMs) {
            throw new IllegalArgumentException("cue ends (" + endMs + " ms) before it starts (" + startMs + " ms)");
        }
    }
}
