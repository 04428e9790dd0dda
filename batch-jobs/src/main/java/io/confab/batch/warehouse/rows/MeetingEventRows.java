package io.confab.batch.warehouse.rows;

import io.confab.storage.events.ActiveSpeakerChanged;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.HandLowered;
import io.confab.storage.events.HandRaised;
import io.confab.storage.events.MeetingCreated;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingUpdated;
import io.confab.storage.events.MuteChanged;
import io.confab.storage.events.ParticipantAdmitted;
import io.confab.storage.events.ParticipantDenied;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantKicked;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantWaiting;
import io.confab.storage.events.Reaction;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import io.confab.storage.warehouse.rows.MeetingEventRow;

/**
 * A {@link MeetingEvent} flattened into one {@link MeetingEventRow}: the envelope's fields, the
 * payload's record name as {@code event_type}, and each payload field in the nullable column of the
 * same meaning (MeetingEventRow's doc). Payloads without fields (locked, unlocked, deleted) fill
 * only the envelope.
 */
public final class MeetingEventRows {

    private MeetingEventRows() {
    }

    public static MeetingEventRow of(MeetingEvent event) {
        Object payload = event.getPayload();
        MeetingEventRow.Builder row = MeetingEventRow.newBuilder()
                .setEventId(event.getEventId()).setAccountId(event.getAccountId()).setMeetingId(event.getMeetingId())
                .setOccurredAt(event.getOccurredAt()).setEventType(payload.getClass().getSimpleName())
                .setSchemaVersion(event.getSchemaVersion())
                .setActorParticipantId(event.getActorParticipantId()).setActorUserId(event.getActorUserId());
        if (payload instanceof MeetingCreated p) {
            row.setTopic(p.getTopic()).setUserId(p.getHostUserId());
        } else if (payload instanceof MeetingStarted p) {
            row.setTopic(p.getTopic()).setUserId(p.getHostUserId());
        } else if (payload instanceof MeetingUpdated p) {
            row.setTopic(p.getTopic());
        } else if (payload instanceof MeetingEnded p) {
            row.setReason(p.getReason().name());
        } else if (payload instanceof ParticipantJoined p) {
            row.setParticipantId(p.getParticipantId()).setUserId(p.getUserId()).setDisplayName(p.getDisplayName()).setRole(p.getRole().name());
        } else if (payload instanceof ParticipantLeft p) {
            row.setParticipantId(p.getParticipantId()).setReason(p.getReason().name());
        } else if (payload instanceof ParticipantKicked p) {
            row.setParticipantId(p.getParticipantId()).setByParticipantId(p.getBy()).setReason(p.getReason());
        } else if (payload instanceof ParticipantWaiting p) {
            row.setParticipantId(p.getParticipantId()).setUserId(p.getUserId()).setDisplayName(p.getDisplayName());
        } else if (payload instanceof ParticipantAdmitted p) {
            row.setParticipantId(p.getParticipantId()).setByParticipantId(p.getBy());
        } else if (payload instanceof ParticipantDenied p) {
            row.setParticipantId(p.getParticipantId()).setByParticipantId(p.getBy());
        } else if (payload instanceof MuteChanged p) {
            row.setParticipantId(p.getParticipantId()).setMediaKind(p.getKind().name()).setMuted(p.getMuted()).setByHost(p.getByHost());
        } else if (payload instanceof HandRaised p) {
            row.setParticipantId(p.getParticipantId());
        } else if (payload instanceof HandLowered p) {
            row.setParticipantId(p.getParticipantId());
        } else if (payload instanceof Reaction p) {
            row.setParticipantId(p.getParticipantId()).setEmoji(p.getEmoji());
        } else if (payload instanceof ChatMessage p) {
            row.setParticipantId(p.getFrom()).setDisplayName(p.getFromDisplayName()).setMessageId(p.getMessageId()).setToParticipantId(p.getTo()).setText(p.getText());
        } else if (payload instanceof RecordingStarted p) {
            row.setRecordingId(p.getRecordingId());
        } else if (payload instanceof RecordingStopped p) {
            row.setRecordingId(p.getRecordingId());
        } else if (payload instanceof ActiveSpeakerChanged p) {
            row.setParticipantId(p.getParticipantId());
        }
        return row.build();
    }
}
