package io.confab.core.signaling.room;

import io.confab.core.mediaplane.MediaCommand;

import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.core.signaling.protocol.WaitingReason;
import io.confab.storage.events.MediaKind;
import java.time.Instant;

/**
 * Who gets in, and when: joining, the waiting room, admit and deny, lock, and join-before-host.
 *
 * <p>Hosts and co-hosts always walk straight in, even into a locked meeting. Everyone else is refused
 * while the meeting is locked; waits with reason HOST_NOT_ARRIVED while join_before_host is off and no
 * host or co-host is in; and otherwise waits with reason WAITING_ROOM when the waiting room is on.
 * When a host arrives, those waiting for one walk in (or move on to the waiting room when it is on),
 * as in Zoom's "waiting for the host to start this meeting".
 */
final class Admission {

    private final RoomState state;
    private final RoomEvents events;
    private final HostPermission permission;
    private final RoomLimits limits;

    Admission(RoomState state, RoomEvents events, HostPermission permission, RoomLimits limits) {
        this.state = state;
        this.events = events;
        this.permission = permission;
        this.limits = limits;
    }

    void join(Identity who, JoinRequest request, Instant now, Outcome.Builder out) {
        if (state.contains(who.participantId())) {
            // Participant ids are fresh per presence; a repeat means the transport reused one.
            throw new IllegalStateException("participant " + who.participantId() + " is already in this room");
        }
        boolean hostCapable = Member.canHost(who.role());
        if (state.lifecycle() == RoomState.Lifecycle.ENDED) {
            refuseEntry(who, request, ErrorCode.MEETING_ENDED, "the meeting has ended", out);
        } else if (state.removed(who.userId())) {
            refuseEntry(who, request, ErrorCode.REMOVED, "a host removed you from this meeting", out);
        } else if (state.locked() && !hostCapable) {
            refuseEntry(who, request, ErrorCode.MEETING_LOCKED, "the meeting is locked; only hosts can join", out);
        } else if (!hostCapable && !state.settings().joinBeforeHost() && !state.hostPresent()) {
            holdIfRoom(who, request, WaitingReason.HOST_NOT_ARRIVED, now, out);
        } else if (!hostCapable && state.settings().waitingRoom()) {
            holdIfRoom(who, request, WaitingReason.WAITING_ROOM, now, out);
        } else if (!hostCapable && full()) {
            refuseEntry(who, request, ErrorCode.MEETING_FULL, fullMessage(), out);
        } else {
            enter(who, request, now, out);
        }
    }

    private boolean full() {
        return state.members().size() >= limits.maxParticipants();
    }

    private String fullMessage() {
        return "the meeting is full: it has its limit of " + limits.maxParticipants() + " participants";
    }

    private void holdIfRoom(Identity who, JoinRequest request, WaitingReason reason, Instant now, Outcome.Builder out) {
        if (state.waiters().size() >= limits.maxWaiting()) {
            refuseEntry(who, request, ErrorCode.WAITING_ROOM_FULL, "the waiting room is full: "
                    + limits.maxWaiting() + " people are already waiting; try again later", out);
        } else {
            hold(who, request, reason, now, out);
        }
    }

    void admit(Turn turn, ParticipantId target) {
        String auditTarget = AuditTrail.participantTarget(target);
        if (!permission.allows(HostAction.ADMIT, turn, auditTarget)) {
            return;
        }
        Waiter waiter = state.waiter(target).orElse(null);
        if (waiter == null) {
            permission.fail(HostAction.ADMIT, turn, auditTarget, ErrorCode.UNKNOWN_PARTICIPANT,
                    "no one with id " + target + " is in the waiting room");
            return;
        }
        if (!Member.canHost(waiter.identity().role()) && full()) {
            // The host learns why; the waiter keeps waiting until someone leaves.
            permission.fail(HostAction.ADMIT, turn, auditTarget, ErrorCode.MEETING_FULL, fullMessage());
            return;
        }
        state.removeWaiter(target);
        turn.out().event(events.participantAdmitted(target, turn.by().id(), turn.actor(), turn.now()));
        turn.out().to(target, new ServerMessage.Admitted(turn.by().id()));
        enter(waiter.identity(), waiter.request(), turn.now(), turn.out());
        turn.out().toHosts(new ServerMessage.WaitingList(state.waitingList()));
        permission.succeeded(HostAction.ADMIT, turn, auditTarget, null);
    }

    void deny(Turn turn, ParticipantId target) {
        String auditTarget = AuditTrail.participantTarget(target);
        if (!permission.allows(HostAction.DENY, turn, auditTarget)) {
            return;
        }
        if (state.waiter(target).isEmpty()) {
            permission.fail(HostAction.DENY, turn, auditTarget, ErrorCode.UNKNOWN_PARTICIPANT,
                    "no one with id " + target + " is in the waiting room");
            return;
        }
        state.removeWaiter(target);
        turn.out().event(events.participantDenied(target, turn.actor(), turn.now()));
        turn.out().to(target, new ServerMessage.Denied(turn.by().id()));
        turn.out().close(target);
        turn.out().toHosts(new ServerMessage.WaitingList(state.waitingList()));
        permission.succeeded(HostAction.DENY, turn, auditTarget, null);
    }

    /** A refused join: the connection carries no presence, so it has nothing left to do and is closed. */
    private static void refuseEntry(Identity who, JoinRequest request, ErrorCode code, String why,
                                    Outcome.Builder out) {
        out.to(who.participantId(), new ServerMessage.ErrorReply(code, why, request.requestId()));
        out.close(who.participantId());
    }

    private void hold(Identity who, JoinRequest request, WaitingReason reason, Instant now, Outcome.Builder out) {
        Waiter waiter = new Waiter(who, request, reason, now);
        state.put(waiter);
        out.event(events.participantWaiting(waiter, now));
        out.to(who.participantId(), new ServerMessage.Waiting(request.requestId(), reason));
        out.toHosts(new ServerMessage.WaitingList(state.waitingList()));
    }

    private void enter(Identity who, JoinRequest request, Instant now, Outcome.Builder out) {
        if (state.lifecycle() == RoomState.Lifecycle.NOT_STARTED) {
            out.event(events.meetingStarted(new Actor(who.participantId(), who.userId()), now));
            state.lifecycle(RoomState.Lifecycle.RUNNING);
            state.startedAt(now);
        }
        // Zoom's mute-on-entry spares hosts: they are the ones who will speak first.
        boolean audioMuted = request.audioMuted()
                || (state.settings().muteOnEntry() && !Member.canHost(who.role()));
        Member member = new Member(who, who.role(), audioMuted, request.videoMuted(), false, now);
        state.put(member);
        out.event(events.participantJoined(member, request.client(), now));
        out.to(member.id(), new ServerMessage.Joined(request.requestId(), member.presence(), state.meetingState(),
                state.presence()));
        out.toEveryoneBut(member.id(), new ServerMessage.ParticipantJoined(member.presence()));
        out.media(new MediaCommand.Connect(member.id(), member.displayName()));
        if (state.settings().transcription()) {
            out.media(new MediaCommand.TapAudioForTranscription());
        }
        // The SFU starts from the room's view of the tracks, so a muted entry is never forwarded.
        for (MediaKind kind : MediaKind.values()) {
            if (member.muted(kind)) {
                out.media(new MediaCommand.SetMuted(member.id(), kind, true));
            }
        }
        if (member.isHost()) {
            hostArrived(member, now, out);
            if (!state.waiters().isEmpty()) {
                out.to(member.id(), new ServerMessage.WaitingList(state.waitingList()));
            }
        }
    }

    private void hostArrived(Member host, Instant now, Outcome.Builder out) {
        for (Waiter waiter : state.waiters()) {
            if (waiter.reason() != WaitingReason.HOST_NOT_ARRIVED) {
                continue;
            }
            if (state.settings().waitingRoom()) {
                state.put(waiter.withReason(WaitingReason.WAITING_ROOM));
                out.to(waiter.id(), new ServerMessage.Waiting(waiter.request().requestId(), WaitingReason.WAITING_ROOM));
            } else if (full()) {
                state.removeWaiter(waiter.id());
                refuseEntry(waiter.identity(), waiter.request(), ErrorCode.MEETING_FULL, fullMessage(), out);
            } else {
                state.removeWaiter(waiter.id());
                out.event(events.participantAdmitted(waiter.id(), host.id(), Actor.SERVER, now));
                out.to(waiter.id(), new ServerMessage.Admitted(null));
                enter(waiter.identity(), waiter.request(), now, out);
            }
        }
    }
}
