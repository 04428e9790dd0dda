package io.confab.batch.billing.usage;

import java.time.Instant;

/** A recording file (recording.artifacts). {@code durationMs} is null for files without media time. */
public record ArtifactFact(String accountId, String meetingId, String recordingId, String kind, String s3Key,
                           long sizeBytes, Long durationMs, Instant createdAt) implements UsageFact {

    @Override
    public String identity() {
        // Artifacts carry no event id; USAGE.md names this triple as their identity.
        return "artifact:" + recordingId + "|" + kind + "|" + s3Key;
    }

    @Override
    public Instant time() {
        return createdAt;
    }
}
