package io.confab.batch.billing.usage;

import java.time.Instant;

/**
 * A meeting event that usage reads. {@code participantId} is set for joins and leaves; {@code person}
 * (userId, or {@code guest:} + displayName) for joins.
 */
public record MeetingFact(String eventId, String accountId, String meetingId, Instant occurredAt, Kind kind,
                          String participantId, String person) implements UsageFact {

    public enum Kind { STARTED, ENDED, JOINED, LEFT }

    @Override
    public String identity() {
        return "event:" + eventId;
    }

    @Override
    public Instant time() {
        return occurredAt;
    }
}
