package io.confab.core.signaling.protocol;

import java.time.Instant;
import java.util.Objects;

/** One person in the waiting room, as hosts see them. */
public record WaitingEntry(ParticipantId participantId, String displayName, WaitingReason reason, Instant since) {
    public WaitingEntry {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }
}
