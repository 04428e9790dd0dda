package io.confab.core.signaling.room;

import io.confab.core.mediaplane.MediaCommand;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.ParticipantRole;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * How people leave and how a meeting ends.
 *
 * <p>Every presence is closed by exactly one {@code ParticipantLeft} (storage's rule), including a
 * waiting-room presence that ends without admission; consumers that pair Joined with Left skip a Left
 * that has no Joined. When the last HOST leaves, the role passes on as in Zoom: to the longest-present
 * co-host, else the longest-present signed-in participant, else the longest-present guest.
 */
final class Departure {

    /** Successor preference when the host leaves: lower comes first. */
    private static final Comparator<Member> SUCCESSION = Comparator.comparingInt(member -> switch (member.role()) {
        case HOST, COHOST -> 0;
        case PARTICIPANT -> 1;
        case GUEST -> 2;
    });

    private final RoomState state;
    private final RoomEvents events;
    private final AuditTrail audit;

    Departure(RoomState state, RoomEvents events, AuditTrail audit) {
        this.state = state;
        this.events = events;
        this.audit = audit;
    }

    /**
     * The participant left ({@link LeaveReason#LEFT}, their connection is then closed) or their
     * connection dropped ({@link LeaveReason#DISCONNECTED}). Unknown ids are ignored: the transport
     * reports every closed connection, including ones the room already removed.
     */
    void leave(ParticipantId who, LeaveReason reason, Instant now, Outcome.Builder out) {
        Optional<Member> member = state.member(who);
        Optional<Waiter> waiter = state.waiter(who);
        if (member.isPresent()) {
            // A dropped connection is noticed by the server; leaving is the participant's own act.
            Actor actor = reason == LeaveReason.DISCONNECTED ? Actor.SERVER : member.get().actor();
            remove(member.get(), reason, actor, now, out);
        } else if (waiter.isPresent()) {
            Actor actor = reason == LeaveReason.DISCONNECTED ? Actor.SERVER : waiter.get().actor();
            state.removeWaiter(who);
            out.event(events.participantLeft(who, reason, actor, now));
            out.toHosts(new ServerMessage.WaitingList(state.waitingList()));
        } else {
            return;
        }
        if (reason == LeaveReason.LEFT) {
            out.close(who);
        }
    }

    /** Takes a member out of the meeting and tells everyone; the caller has already told the member why. */
    void remove(Member member, LeaveReason reason, Actor actor, Instant now, Outcome.Builder out) {
        state.removeMember(member.id());
        out.event(events.participantLeft(member.id(), reason, actor, now));
        out.toEveryone(new ServerMessage.ParticipantLeft(member.id(), reason));
        out.media(new MediaCommand.Disconnect(member.id()));
        handOverIfHostless(member, now, out);
    }

    /**
     * Ends the meeting for everyone. Events in storage's order: the recording stops, everyone still in
     * (waiting room included) gets ParticipantLeft(MEETING_ENDED), then MeetingEnded, which is only
     * written when the meeting had started.
     */
    void end(MeetingEndReason reason, Actor actor, Instant now, Outcome.Builder out) {
        state.recording().ifPresent(recording -> {
            out.event(events.recordingStopped(recording.recordingId(), actor, now));
            out.media(new MediaCommand.StopTap(recording.recordingId()));
            state.recording(null);
        });
        for (Member member : state.members()) {
            out.event(events.participantLeft(member.id(), LeaveReason.MEETING_ENDED, actor, now));
            out.media(new MediaCommand.Disconnect(member.id()));
            out.close(member.id());
        }
        for (Waiter waiter : state.waiters()) {
            out.event(events.participantLeft(waiter.id(), LeaveReason.MEETING_ENDED, actor, now));
            out.close(waiter.id());
        }
        if (state.lifecycle() == RoomState.Lifecycle.RUNNING) {
            out.event(events.meetingEnded(reason, actor, now));
        }
        ServerMessage ended = new ServerMessage.MeetingEnded(reason);
        out.toEveryone(ended);
        out.toWaitingRoom(ended);
        state.clearPeople();
        state.lifecycle(RoomState.Lifecycle.ENDED);
    }

    private void handOverIfHostless(Member departed, Instant now, Outcome.Builder out) {
        if (departed.role() != ParticipantRole.HOST
                || state.members().stream().anyMatch(m -> m.role() == ParticipantRole.HOST)) {
            return;
        }
        // members() is in arrival order and the sort is stable, so ties go to the longest present.
        // Never a guest: anyone holding a guest link could otherwise take over a meeting whose host
        // only lost their connection, and lock or remove them when they come back.
        Optional<Member> successor = state.members().stream()
                .filter(m -> m.role() != ParticipantRole.GUEST).sorted(SUCCESSION).findFirst();
        if (successor.isEmpty()) {
            return;
        }
        Member before = successor.get();
        Member promoted = before.withRole(ParticipantRole.HOST);
        state.put(promoted);
        out.toEveryone(new ServerMessage.Presence(state.presence()));
        if (!before.isHost() && !state.waiters().isEmpty()) {
            out.to(promoted.id(), new ServerMessage.WaitingList(state.waitingList()));
        }
        // No meeting.events payload describes a role change yet; the audit log records who holds host powers.
        out.audit(audit.entry(departed.actor(), departed.identity().remoteAddress(), "meeting.transfer_host",
                AuditTrail.participantTarget(promoted.id()), AuditOutcome.SUCCESS,
                "host left; " + before.role().name().toLowerCase(Locale.ROOT) + " " + promoted.id()
                        + " is now host", now));
    }
}
