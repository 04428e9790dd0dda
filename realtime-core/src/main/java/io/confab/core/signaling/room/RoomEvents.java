package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.RecordingOptions;
import io.confab.storage.events.ActiveSpeakerChanged;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.HandLowered;
import io.confab.storage.events.HandRaised;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingLocked;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingUnlocked;
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
import java.time.Instant;
import java.util.UUID;

/**
 * The room's {@code meeting.events} records (storage's Avro schema). Each gets a fresh random event id
 * for consumers' de-duplication, the meeting's account and id (the topic key), the time of the change
 * and the actor; the room is the only place Avro payloads are built.
 */
final class RoomEvents {

    private final MeetingInfo meeting;

    RoomEvents(MeetingInfo meeting) {
        this.meeting = meeting;
    }

    MeetingEvent meetingStarted(Actor actor, Instant now) {
        return event(actor, now, new MeetingStarted(meeting.topic(), meeting.hostUserId(), meeting.meetingType(),
                meeting.settings().toEvent()));
    }

    MeetingEvent meetingEnded(MeetingEndReason reason, Actor actor, Instant now) {
        return event(actor, now, new MeetingEnded(reason));
    }

    MeetingEvent participantJoined(Member member, String client, Instant now) {
        return event(member.actor(), now, ParticipantJoined.newBuilder()
                .setParticipantId(member.id().value())
                .setUserId(member.identity().userId())
                .setDisplayName(member.displayName())
                .setRole(member.role())
                .setAudioMuted(member.audioMuted())
                .setVideoMuted(member.videoMuted())
                .setClient(client)
                .build());
    }

    MeetingEvent participantLeft(ParticipantId who, LeaveReason reason, Actor actor, Instant now) {
        return event(actor, now, new ParticipantLeft(who.value(), reason));
    }

    MeetingEvent participantKicked(ParticipantId who, Actor by, String reason, Instant now) {
        return event(by, now, new ParticipantKicked(who.value(), by.participantIdText(), reason));
    }

    MeetingEvent participantWaiting(Waiter waiter, Instant now) {
        return event(waiter.actor(), now, new ParticipantWaiting(waiter.id().value(), waiter.identity().userId(),
                waiter.identity().displayName()));
    }

    /**
     * {@code by} is the host who admitted them; when a host's arrival let people in, {@code by} is that
     * host while the actor is the server, which acted on its own.
     */
    MeetingEvent participantAdmitted(ParticipantId who, ParticipantId by, Actor actor, Instant now) {
        return event(actor, now, new ParticipantAdmitted(who.value(), by.value()));
    }

    MeetingEvent participantDenied(ParticipantId who, Actor by, Instant now) {
        return event(by, now, new ParticipantDenied(who.value(), by.participantIdText()));
    }

    MeetingEvent muteChanged(ParticipantId who, MediaKind kind, boolean muted, Actor actor, Instant now) {
        boolean byHost = !who.equals(actor.participantId());
        return event(actor, now, new MuteChanged(who.value(), kind, muted, byHost));
    }

    MeetingEvent handRaised(Actor actor, Instant now) {
        return event(actor, now, new HandRaised(actor.participantIdText()));
    }

    MeetingEvent handLowered(ParticipantId who, Actor actor, Instant now) {
        return event(actor, now, new HandLowered(who.value()));
    }

    MeetingEvent reaction(Actor actor, String emoji, Instant now) {
        return event(actor, now, new Reaction(actor.participantIdText(), emoji));
    }

    MeetingEvent chatMessage(String messageId, Member from, ParticipantId to, String text, Instant now) {
        return event(from.actor(), now, new ChatMessage(messageId, from.id().value(), from.displayName(),
                to == null ? null : to.value(), text));
    }

    MeetingEvent recordingStarted(String recordingId, RecordingOptions options, Actor actor, Instant now) {
        return event(actor, now, RecordingStarted.newBuilder().setRecordingId(recordingId)
                .setTranscribe(options.transcribe()).setLayout(options.layout()).setAudioOnly(options.audioOnly()).build());
    }

    MeetingEvent recordingStopped(String recordingId, Actor actor, Instant now) {
        return event(actor, now, new RecordingStopped(recordingId));
    }

    MeetingEvent activeSpeakerChanged(ParticipantId speaker, Instant now) {
        return event(Actor.SERVER, now, new ActiveSpeakerChanged(speaker.value()));
    }

    MeetingEvent meetingLocked(Actor actor, Instant now) {
        return event(actor, now, new MeetingLocked());
    }

    MeetingEvent meetingUnlocked(Actor actor, Instant now) {
        return event(actor, now, new MeetingUnlocked());
    }

    private MeetingEvent event(Actor actor, Instant now, Object payload) {
        return MeetingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAccountId(meeting.accountId())
                .setMeetingId(meeting.meetingId())
                .setOccurredAt(now)
                .setActorParticipantId(actor.participantIdText())
                .setActorUserId(actor.userId())
                .setPayload(payload)
                .build();
    }
}
