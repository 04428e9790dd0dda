package io.confab.transcription.transcript;

/** What a speech stream reports: a {@link Partial} while someone speaks, a {@link Segment} when a piece is final. */
public sealed interface Recognition permits Partial, Segment {
    /** Milliseconds from the stream's origin (its first sample) where this piece starts. */
    long startMs();

    long endMs();

    String text();
}
