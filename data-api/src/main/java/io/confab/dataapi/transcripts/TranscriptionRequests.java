package io.confab.dataapi.transcripts;

import io.confab.storage.events.TranscriptionRequest;

/** Where a transcript asked for after the fact goes: topic transcription.requests, read by the transcription job. */
public interface TranscriptionRequests {

    /** Hands the request over; returns once the broker has it, or throws naming why not. */
    void publish(TranscriptionRequest request);
}
