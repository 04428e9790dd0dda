package io.confab.core.signaling.room;

import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.mediaplane.MediaNegotiation;

import io.confab.core.signaling.protocol.Answer;
import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ClientRequest;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.IceCandidate;
import io.confab.core.signaling.protocol.MeetingState;
import io.confab.core.signaling.protocol.Offer;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.PresenceEntry;
import io.confab.core.signaling.protocol.RecordingOptions;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.core.signaling.protocol.WaitingEntry;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingEndReason;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One live run of a meeting: its participants, waiting room and host controls, with no sockets, Kafka
 * or database. The transport drives it; every call returns an {@link Outcome} saying what to send,
 * which events and audit entries to produce, what to tell the SFU and which connections to close.
 *
 * <p><b>Threading.</b> A room is not thread-safe and takes no locks. The transport confines each room
 * to one event-loop thread (for Netty: an {@code EventExecutor} picked when the room is created) and
 * submits every call for the room to that thread, from connections and timers alike. One thread per
 * room keeps each meeting's events in order for {@code meeting.events} without a lock; many rooms
 * can share one thread because no call blocks or waits.
 *
 * <p><b>Time.</b> Every call takes {@code now}; the room reads no clock and owns no timer. The empty-room
 * grace period is the transport's timer, ending in {@link #endBecauseEmpty}.
 */
public final class Room {

    private final RoomState state;
    private final Admission admission;
    private final Departure departure;
    private final ParticipantActions actions;
    private final HostControls hostControls;
    private final RoomEvents events;
    private final AuditTrail audit;

    public Room(MeetingInfo meeting, RoomLimits limits) {
        Objects.requireNonNull(meeting, "meeting");
        this.state = new RoomState(meeting);
        this.events = new RoomEvents(meeting);
        this.audit = new AuditTrail(meeting);
        HostPermission permission = new HostPermission(audit);
        this.admission = new Admission(state, events, permission, limits);
        this.departure = new Departure(state, events, audit);
        this.actions = new ParticipantActions(state, events);
        this.hostControls = new HostControls(state, events, audit, permission, actions, departure);
    }

    /**
     * A connection asks to join, already authenticated. The reply to {@code who} is {@code joined},
     * {@code waiting}, or an error after which the connection is closed (MEETING_LOCKED, MEETING_ENDED,
     * REMOVED, MEETING_FULL, WAITING_ROOM_FULL). {@link #contains} tells afterwards whether the participant belongs to this room.
     *
     * @throws IllegalStateException when the participant id is already in the room (ids are per presence)
     */
    public Outcome join(Identity who, JoinRequest request, Instant now) {
        Outcome.Builder out = new Outcome.Builder(state);
        admission.join(who, request, now, out);
        return out.build();
    }

    /** A message from a connection that joined this room (or waits in it). */
    public Outcome handle(ParticipantId from, ClientRequest request, Instant now) {
        Outcome.Builder out = new Outcome.Builder(state);
        ClientMessage message = request.message();
        if (state.lifecycle() == RoomState.Lifecycle.ENDED) {
            out.to(from, error(ErrorCode.MEETING_ENDED, "the meeting has ended", request));
        } else if (message instanceof ClientMessage.Ping) {
            out.to(from, new ServerMessage.Pong(request.requestId(), now));
        } else if (state.member(from).isPresent()) {
            dispatch(new Turn(state.member(from).get(), request.requestId(), now, out), message);
        } else if (state.waiter(from).isPresent()) {
            if (message instanceof ClientMessage.LeaveMeeting) {
                departure.leave(from, LeaveReason.LEFT, now, out);
            } else {
                out.to(from, error(ErrorCode.NOT_IN_MEETING,
                        "you are in the waiting room; " + message.type() + " needs you in the meeting", request));
            }
        } else {
            // A message can still be in flight from a connection the room already removed.
            out.to(from, error(ErrorCode.NOT_IN_MEETING, "join the meeting first", request));
        }
        return out.build();
    }

    /** {@link #handle(ParticipantId, ClientRequest, Instant)} for a message without a request id. */
    public Outcome handle(ParticipantId from, ClientMessage message, Instant now) {
        return handle(from, ClientRequest.of(message), now);
    }

    /** The connection closed without leave_meeting. Ids the room no longer knows are ignored. */
    public Outcome disconnect(ParticipantId who, Instant now) {
        Outcome.Builder out = new Outcome.Builder(state);
        departure.leave(who, LeaveReason.DISCONNECTED, now, out);
        return out.build();
    }

    /** SDP or ICE from the SFU for one participant; dropped when they are no longer in the meeting. */
    public Outcome relayFromMedia(ParticipantId to, ServerMessage.Negotiation signal) {
        Outcome.Builder out = new Outcome.Builder(state);
        if (state.member(to).isPresent()) {
            out.to(to, signal);
        }
        return out.build();
    }

    /** The SFU's active-speaker detector chose a new dominant speaker (it applies the hysteresis). */
    public Outcome activeSpeakerChanged(ParticipantId speaker, Instant now) {
        Outcome.Builder out = new Outcome.Builder(state);
        if (state.member(speaker).isPresent() && !speaker.equals(state.activeSpeaker())) {
            state.activeSpeaker(speaker);
            out.event(events.activeSpeakerChanged(speaker, now));
            out.toEveryone(new ServerMessage.ActiveSpeaker(speaker));
        }
        return out.build();
    }

    /**
     * A caption of this meeting from the transcription job, for everyone in it (not the waiting
     * room). A caption of another run of the meeting (a personal room's earlier run, read late) is
     * dropped: its {@code meetingStartedAt} is not this run's start, compared in milliseconds as
     * {@code meeting.events} carries it.
     */
    public Outcome caption(Instant meetingStartedAt, ServerMessage.Caption caption) {
        Outcome.Builder out = new Outcome.Builder(state);
        Instant startedAt = state.startedAt();
        if (state.lifecycle() == RoomState.Lifecycle.RUNNING && startedAt != null
                && startedAt.toEpochMilli() == meetingStartedAt.toEpochMilli()) {
            out.toEveryone(caption);
        }
        return out.build();
    }

    /**
     * The grace period after {@link RoomStatus#EMPTY} ran out. Ends the meeting with
     * LAST_PARTICIPANT_LEFT if the room is still empty; does nothing if someone came back meanwhile.
     */
    public Outcome endBecauseEmpty(Instant now) {
        if (state.status() != RoomStatus.EMPTY) {
            return Outcome.none(state.status());
        }
        return end(MeetingEndReason.LAST_PARTICIPANT_LEFT, now);
    }

    /**
     * The server ends the meeting: shutdown, a time limit, or the host's REST call to end it. Everyone
     * gets {@code meeting_ended} and every connection closes. Does nothing when already ended.
     */
    public Outcome end(MeetingEndReason reason, Instant now) {
        if (state.lifecycle() == RoomState.Lifecycle.ENDED) {
            return Outcome.none(RoomStatus.ENDED);
        }
        Outcome.Builder out = new Outcome.Builder(state);
        departure.end(reason, Actor.SERVER, now, out);
        return out.build();
    }

    /**
     * Why cloud recording cannot start now, or empty when it can: for the REST endpoint, which checks
     * this before calling {@link #startRecordingForUser}.
     */
    public Optional<String> recordingRefusal() {
        if (state.lifecycle() != RoomState.Lifecycle.RUNNING) {
            return Optional.of("the meeting is not running");
        }
        if (state.recording().isPresent()) {
            return Optional.of("the meeting is already being recorded");
        }
        return Optional.ofNullable(hostControls.recordingRefusal());
    }

    public boolean isRecording() {
        return state.recording().isPresent();
    }

    /**
     * Starts cloud recording for a signed-in user over REST, who the meeting service has checked may
     * do so (the host or an API client of the account).
     *
     * @throws IllegalStateException when {@link #recordingRefusal()} is not empty
     */
    public Outcome startRecordingForUser(String userId, RecordingOptions options, String remoteAddress, Instant now) {
        recordingRefusal().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        Outcome.Builder out = new Outcome.Builder(state);
        Actor actor = new Actor(null, Objects.requireNonNull(userId, "userId"));
        hostControls.beginRecording(actor, null, options, now, out);
        out.audit(audit.entry(actor, remoteAddress, HostAction.START_RECORDING.auditAction(), audit.meetingTarget(),
                AuditOutcome.SUCCESS, "over REST", now));
        return out.build();
    }

    /**
     * Stops cloud recording for a signed-in user over REST.
     *
     * @throws IllegalStateException when nothing is being recorded
     */
    public Outcome stopRecordingForUser(String userId, String remoteAddress, Instant now) {
        if (!isRecording()) {
            throw new IllegalStateException("the meeting is not being recorded");
        }
        Outcome.Builder out = new Outcome.Builder(state);
        Actor actor = new Actor(null, Objects.requireNonNull(userId, "userId"));
        hostControls.finishRecording(actor, null, now, out);
        out.audit(audit.entry(actor, remoteAddress, HostAction.STOP_RECORDING.auditAction(), audit.meetingTarget(),
                AuditOutcome.SUCCESS, "over REST", now));
        return out.build();
    }

    /** Whether the participant is in the meeting or its waiting room. */
    public boolean contains(ParticipantId participant) {
        return state.contains(participant);
    }

    public RoomStatus status() {
        return state.status();
    }

    public MeetingInfo meeting() {
        return state.meeting();
    }

    /** Who is in the meeting, in arrival order. */
    public List<PresenceEntry> presence() {
        return state.presence();
    }

    /** Who waits outside, oldest first. */
    public List<WaitingEntry> waitingList() {
        return state.waitingList();
    }

    /** Lock, recording and active speaker, as {@code joined} reports them. */
    public MeetingState meetingState() {
        return state.meetingState();
    }

    /** The wire message as the media plane takes it: the SFU never sees signaling's types. */
    static MediaNegotiation forMedia(ClientMessage.Negotiation negotiation) {
        if (negotiation instanceof Offer offer) {
            return new MediaNegotiation.PublishOffer(offer.sdp());
        }
        if (negotiation instanceof Answer answer) {
            return new MediaNegotiation.SubscribeAnswer(answer.sdp());
        }
        if (negotiation instanceof IceCandidate candidate) {
            return new MediaNegotiation.IceCandidate(candidate.candidate(), candidate.sdpMid(), candidate.sdpMLineIndex());
        }
        ClientMessage.VideoPreference preference = (ClientMessage.VideoPreference) negotiation;
        return new MediaNegotiation.VideoPreference(preference.layout(), preference.maxBitrateKbps());
    }

    private void dispatch(Turn turn, ClientMessage message) {
        ParticipantId self = turn.by().id();
        if (message instanceof ClientMessage.Negotiation negotiation) {
            turn.out().media(new MediaCommand.Negotiate(self, forMedia(negotiation)));
        } else if (message instanceof ClientMessage.Chat chat) {
            actions.chat(turn, chat);
        } else if (message instanceof ClientMessage.Mute mute) {
            if (mute.target() == null || mute.target().equals(self)) {
                actions.setMuted(turn, turn.by(), mute.kind(), true);
            } else {
                hostControls.mute(turn, mute.kind(), mute.target());
            }
        } else if (message instanceof ClientMessage.Unmute unmute) {
            if (unmute.target() == null || unmute.target().equals(self)) {
                actions.setMuted(turn, turn.by(), unmute.kind(), false);
            } else {
                hostControls.requestUnmute(turn, unmute.kind(), unmute.target());
            }
        } else if (message instanceof ClientMessage.RaiseHand) {
            actions.raiseHand(turn);
        } else if (message instanceof ClientMessage.LowerHand lower) {
            if (lower.target() == null || lower.target().equals(self)) {
                actions.lowerHand(turn, turn.by());
            } else {
                hostControls.lowerHand(turn, lower.target());
            }
        } else if (message instanceof ClientMessage.Reaction reaction) {
            actions.react(turn, reaction.emoji());
        } else if (message instanceof ClientMessage.KickParticipant kick) {
            hostControls.kick(turn, kick);
        } else if (message instanceof ClientMessage.Admit admit) {
            admission.admit(turn, admit.participantId());
        } else if (message instanceof ClientMessage.Deny deny) {
            admission.deny(turn, deny.participantId());
        } else if (message instanceof ClientMessage.LockMeeting) {
            hostControls.lock(turn, true);
        } else if (message instanceof ClientMessage.UnlockMeeting) {
            hostControls.lock(turn, false);
        } else if (message instanceof ClientMessage.StartRecording start) {
            hostControls.startRecording(turn, start.options());
        } else if (message instanceof ClientMessage.StopRecording) {
            hostControls.stopRecording(turn);
        } else if (message instanceof ClientMessage.EndMeeting) {
            hostControls.endForAll(turn);
        } else if (message instanceof ClientMessage.LeaveMeeting) {
            departure.leave(self, LeaveReason.LEFT, turn.now(), turn.out());
        } else if (message instanceof ClientMessage.JoinMeeting) {
            turn.refuse(ErrorCode.ALREADY_JOINED, "this connection has already joined the meeting");
        } else {
            // Ping is answered before dispatch; a new message type must be routed above.
            throw new IllegalStateException("no rule for " + message.getClass().getSimpleName());
        }
    }

    private static ServerMessage.ErrorReply error(ErrorCode code, String message, ClientRequest request) {
        return new ServerMessage.ErrorReply(code, message, request.requestId());
    }
}
