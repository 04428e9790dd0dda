package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import java.time.Instant;
import java.util.UUID;

/**
 * The room's {@code audit.log} entries: every host action, allowed or refused, keyed by the meeting's
 * account so the account owner's security review sees everything that happened in their meetings.
 */
final class AuditTrail {

    private final MeetingInfo meeting;

    AuditTrail(MeetingInfo meeting) {
        this.meeting = meeting;
    }

    /** {@code meeting:<id>}, the target of actions on the whole meeting. */
    String meetingTarget() {
        return "meeting:" + meeting.meetingId();
    }

    static String participantTarget(ParticipantId participant) {
        return "participant:" + participant.value();
    }

    AuditEntry entry(Member actor, String action, String target, AuditOutcome outcome, String detail, Instant now) {
        return entry(actor.actor(), actor.identity().remoteAddress(), action, target, outcome, detail, now);
    }

    AuditEntry entry(Actor actor, String remoteAddress, String action, String target, AuditOutcome outcome,
                     String detail, Instant now) {
        return AuditEntry.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAccountId(meeting.accountId())
                .setActor(actor.auditName())
                .setAction(action)
                .setTarget(target)
                .setOutcome(outcome)
                .setDetail(detail)
                .setSourceAddress(remoteAddress)
                .setOccurredAt(now)
                .build();
    }
}
