package io.confab.core.signaling.room;

import io.confab.core.mediaplane.MediaCommand;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.RecordingOptions;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.ParticipantRole;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The host controls, each checked by {@link HostPermission} before anything changes, so a refused
 * action leaves the meeting exactly as it was.
 *
 * <p>Muting follows Zoom: a host may mute anyone's microphone or stop anyone's camera, and the SFU
 * enforces it; only the participant can turn them back on, so a host's unmute of someone else is a
 * request ({@code unmute_requested}) the participant may ignore. A participant may unmute themself
 * after a host mute (Zoom's default "allow participants to unmute themselves").
 */
final class HostControls {

    private final RoomState state;
    private final RoomEvents events;
    private final AuditTrail audit;
    private final HostPermission permission;
    private final ParticipantActions actions;
    private final Departure departure;

    HostControls(RoomState state, RoomEvents events, AuditTrail audit, HostPermission permission,
                 ParticipantActions actions, Departure departure) {
        this.state = state;
        this.events = events;
        this.audit = audit;
        this.permission = permission;
        this.actions = actions;
        this.departure = departure;
    }

    void mute(Turn turn, MediaKind kind, ParticipantId target) {
        Optional<Member> member = allowedOn(HostAction.MUTE_PARTICIPANT, turn, target);
        if (member.isPresent()) {
            actions.setMuted(turn, member.get(), kind, true);
            permission.succeeded(HostAction.MUTE_PARTICIPANT, turn, AuditTrail.participantTarget(target), name(kind));
        }
    }

    void requestUnmute(Turn turn, MediaKind kind, ParticipantId target) {
        Optional<Member> member = allowedOn(HostAction.REQUEST_UNMUTE, turn, target);
        if (member.isPresent()) {
            if (member.get().muted(kind)) {
                turn.out().to(target, new ServerMessage.UnmuteRequested(kind, turn.by().id()));
            }
            permission.succeeded(HostAction.REQUEST_UNMUTE, turn, AuditTrail.participantTarget(target), name(kind));
        }
    }

    void lowerHand(Turn turn, ParticipantId target) {
        Optional<Member> member = allowedOn(HostAction.LOWER_HAND, turn, target);
        if (member.isPresent()) {
            actions.lowerHand(turn, member.get());
            permission.succeeded(HostAction.LOWER_HAND, turn, AuditTrail.participantTarget(target), null);
        }
    }

    /**
     * Removes a member: they read why, their connection closes, and a signed-in user may not rejoin
     * this run of the meeting (Zoom's default). Events: ParticipantKicked, then ParticipantLeft(KICKED).
     */
    void kick(Turn turn, ClientMessage.KickParticipant kick) {
        String auditTarget = AuditTrail.participantTarget(kick.participantId());
        Optional<Member> found = allowedOn(HostAction.KICK_PARTICIPANT, turn, kick.participantId());
        if (found.isEmpty()) {
            return;
        }
        Member target = found.get();
        if (target.id().equals(turn.by().id())) {
            permission.fail(HostAction.KICK_PARTICIPANT, turn, auditTarget, ErrorCode.CONFLICT,
                    "you cannot remove yourself; send leave_meeting to leave");
            return;
        }
        if (state.meeting().hostUserId().equals(target.identity().userId())) {
            permission.deny(HostAction.KICK_PARTICIPANT, turn, auditTarget, ErrorCode.FORBIDDEN,
                    "the meeting's own host cannot be removed (kick_participant)");
            return;
        }
        if (target.role() == ParticipantRole.HOST && turn.by().role() != ParticipantRole.HOST) {
            permission.deny(HostAction.KICK_PARTICIPANT, turn, auditTarget, ErrorCode.FORBIDDEN,
                    "a co-host may not remove the host (kick_participant)");
            return;
        }
        state.remember(target.identity().userId());
        turn.out().to(target.id(), new ServerMessage.Kicked(kick.reason(), turn.by().id()));
        turn.out().close(target.id());
        turn.out().event(events.participantKicked(target.id(), turn.actor(), kick.reason(), turn.now()));
        departure.remove(target, LeaveReason.KICKED, turn.actor(), turn.now(), turn.out());
        permission.succeeded(HostAction.KICK_PARTICIPANT, turn, auditTarget, kick.reason());
    }

    /** Locking a locked meeting changes nothing and says nothing, but is still audited. */
    void lock(Turn turn, boolean locked) {
        HostAction action = locked ? HostAction.LOCK : HostAction.UNLOCK;
        if (!permission.allows(action, turn, audit.meetingTarget())) {
            return;
        }
        if (state.locked() != locked) {
            state.locked(locked);
            turn.out().event(locked ? events.meetingLocked(turn.actor(), turn.now())
                    : events.meetingUnlocked(turn.actor(), turn.now()));
            turn.out().toEveryone(locked ? new ServerMessage.MeetingLocked(turn.by().id())
                    : new ServerMessage.MeetingUnlocked(turn.by().id()));
        }
        permission.succeeded(action, turn, audit.meetingTarget(), null);
    }

    void startRecording(Turn turn, RecordingOptions options) {
        if (!permission.allows(HostAction.START_RECORDING, turn, audit.meetingTarget())) {
            return;
        }
        String refusal = recordingRefusal();
        if (refusal != null) {
            permission.deny(HostAction.START_RECORDING, turn, audit.meetingTarget(),
                    ErrorCode.RECORDING_NOT_ALLOWED, refusal);
            return;
        }
        if (state.recording().isPresent()) {
            permission.fail(HostAction.START_RECORDING, turn, audit.meetingTarget(), ErrorCode.CONFLICT,
                    "the meeting is already being recorded");
            return;
        }
        beginRecording(turn.actor(), turn.by().id(), options, turn.now(), turn.out());
        permission.succeeded(HostAction.START_RECORDING, turn, audit.meetingTarget(), null);
    }

    void stopRecording(Turn turn) {
        if (!permission.allows(HostAction.STOP_RECORDING, turn, audit.meetingTarget())) {
            return;
        }
        if (state.recording().isEmpty()) {
            permission.fail(HostAction.STOP_RECORDING, turn, audit.meetingTarget(), ErrorCode.CONFLICT,
                    "the meeting is not being recorded");
            return;
        }
        finishRecording(turn.actor(), turn.by().id(), turn.now(), turn.out());
        permission.succeeded(HostAction.STOP_RECORDING, turn, audit.meetingTarget(), null);
    }

    void endForAll(Turn turn) {
        if (!permission.allows(HostAction.END_MEETING, turn, audit.meetingTarget())) {
            return;
        }
        permission.succeeded(HostAction.END_MEETING, turn, audit.meetingTarget(), null);
        departure.end(MeetingEndReason.ENDED_BY_HOST, turn.actor(), turn.now(), turn.out());
    }

    /** Why recording cannot start in this meeting, or null when it can. */
    String recordingRefusal() {
        // The setting is named e2eeEnabled on the wire, but the SFU still decrypts the media: the
        // message names what the setting does, so that no one reads it as a promise of encryption.
        if (state.settings().e2eeEnabled()) {
            return "cloud recording is off: the meeting has private media (the server does not record it)";
        }
        if (!state.settings().allowRecording()) {
            return "cloud recording is off: the meeting's allow_recording setting is off";
        }
        return null;
    }

    void beginRecording(Actor actor, ParticipantId by, RecordingOptions options, Instant now, Outcome.Builder out) {
        String recordingId = UUID.randomUUID().toString();
        state.recording(new RoomState.Recording(recordingId, options.transcribe(), now));
        out.event(events.recordingStarted(recordingId, options, actor, now));
        out.toEveryone(new ServerMessage.RecordingStarted(recordingId, options.transcribe(), by,
                options.layoutName(), options.audioOnly()));
        out.media(new MediaCommand.StartTap(recordingId, options.transcribe()));
    }

    void finishRecording(Actor actor, ParticipantId by, Instant now, Outcome.Builder out) {
        String recordingId = state.recording().orElseThrow().recordingId();
        state.recording(null);
        out.event(events.recordingStopped(recordingId, actor, now));
        out.toEveryone(new ServerMessage.RecordingStopped(recordingId, by));
        out.media(new MediaCommand.StopTap(recordingId));
    }

    /** The permission check, then the target must be in the meeting. */
    private Optional<Member> allowedOn(HostAction action, Turn turn, ParticipantId target) {
        String auditTarget = AuditTrail.participantTarget(target);
        if (!permission.allows(action, turn, auditTarget)) {
            return Optional.empty();
        }
        Optional<Member> member = state.member(target);
        if (member.isEmpty()) {
            permission.fail(action, turn, auditTarget, ErrorCode.UNKNOWN_PARTICIPANT,
                    "no one with id " + target + " is in the meeting");
        }
        return member;
    }

    private static String name(MediaKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
