package io.confab.batch.billing.usage;

import java.io.Serializable;
import java.time.Instant;

/** One participant id in one meeting, from its join to its close: [{@code joinedAt}, {@code closedAt}). */
public record Presence(String accountId, String meetingId, String participantId, String person, Instant joinedAt,
                       Instant closedAt) implements Serializable {
}
