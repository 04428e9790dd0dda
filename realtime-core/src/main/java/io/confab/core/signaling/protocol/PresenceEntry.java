package io.confab.core.signaling.protocol;

import io.confab.storage.events.ParticipantRole;
import java.util.Objects;

/** One row of the participant list every client shows. */
public record PresenceEntry(ParticipantId participantId, String displayName, ParticipantRole role,
                            boolean audioMuted, boolean videoMuted, boolean handRaised) {
    public PresenceEntry {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
    }
}
