package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import java.util.List;
import java.util.Objects;

/**
 * One server message for some connections. {@code recipients} is resolved when the outcome is made
 * (in arrival order), so it stays right even after the room has changed again, for example after the
 * meeting ended and the member list is gone. Serialize the message once and write it to each recipient.
 */
public record Delivery(Audience audience, List<ParticipantId> recipients, ServerMessage message) {
    public Delivery {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(message, "message");
        recipients = List.copyOf(recipients);
    }

    public boolean reaches(ParticipantId participant) {
        return recipients.contains(participant);
    }
}
