package io.confab.core.meetingservice;

import io.confab.core.events.EventSink;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;

import java.time.Clock;
import java.util.UUID;

/** Writes the meeting service's entries to {@code audit.log}: host actions and authentication failures. */
public final class Audit {

    private final EventSink events;
    private final Clock clock;

    public Audit(EventSink events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public void record(String accountId, String actor, String action, String target, AuditOutcome outcome,
                       String detail, String sourceAddress) {
        events.audit(AuditEntry.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAccountId(accountId)
                .setActor(actor)
                .setAction(action)
                .setTarget(target)
                .setOutcome(outcome)
                .setDetail(detail)
                .setSourceAddress(sourceAddress)
                .setOccurredAt(clock.instant())
                .build());
    }
}
