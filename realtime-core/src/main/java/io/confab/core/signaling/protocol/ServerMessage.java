package io.confab.core.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingEndReason;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message from the server to a client. The wire {@code type} is the record's name in snake case;
 * fields are the components, and null components are left out of the JSON. A {@code by} field names
 * the host who acted and is absent when the participant acted on themself or the server acted.
 * Enum values are written lowercase ({@code "audio"}, {@code "host"}, {@code "kicked"}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerMessage.Joined.class, name = "joined"),
        @JsonSubTypes.Type(value = ServerMessage.Waiting.class, name = "waiting"),
        @JsonSubTypes.Type(value = ServerMessage.Admitted.class, name = "admitted"),
        @JsonSubTypes.Type(value = ServerMessage.Denied.class, name = "denied"),
        @JsonSubTypes.Type(value = ServerMessage.WaitingList.class, name = "waiting_list"),
        @JsonSubTypes.Type(value = ServerMessage.ParticipantJoined.class, name = "participant_joined"),
        @JsonSubTypes.Type(value = ServerMessage.ParticipantLeft.class, name = "participant_left"),
        @JsonSubTypes.Type(value = ServerMessage.Presence.class, name = "presence"),
        @JsonSubTypes.Type(value = ServerMessage.Muted.class, name = "muted"),
        @JsonSubTypes.Type(value = ServerMessage.Unmuted.class, name = "unmuted"),
        @JsonSubTypes.Type(value = ServerMessage.UnmuteRequested.class, name = "unmute_requested"),
        @JsonSubTypes.Type(value = ServerMessage.Kicked.class, name = "kicked"),
        @JsonSubTypes.Type(value = ServerMessage.HandRaised.class, name = "hand_raised"),
        @JsonSubTypes.Type(value = ServerMessage.HandLowered.class, name = "hand_lowered"),
        @JsonSubTypes.Type(value = ServerMessage.Reaction.class, name = "reaction"),
        @JsonSubTypes.Type(value = ServerMessage.Chat.class, name = "chat"),
        @JsonSubTypes.Type(value = ServerMessage.RecordingStarted.class, name = "recording_started"),
        @JsonSubTypes.Type(value = ServerMessage.RecordingStopped.class, name = "recording_stopped"),
        @JsonSubTypes.Type(value = ServerMessage.MeetingLocked.class, name = "meeting_locked"),
        @JsonSubTypes.Type(value = ServerMessage.MeetingUnlocked.class, name = "meeting_unlocked"),
        @JsonSubTypes.Type(value = ServerMessage.MeetingEnded.class, name = "meeting_ended"),
        @JsonSubTypes.Type(value = ServerMessage.ActiveSpeaker.class, name = "active_speaker"),
        @JsonSubTypes.Type(value = ServerMessage.Caption.class, name = "caption"),
        @JsonSubTypes.Type(value = Offer.class, name = "offer"),
        @JsonSubTypes.Type(value = Answer.class, name = "answer"),
        @JsonSubTypes.Type(value = IceCandidate.class, name = "ice_candidate"),
        @JsonSubTypes.Type(value = ServerMessage.Layers.class, name = "layers"),
        @JsonSubTypes.Type(value = ServerMessage.ErrorReply.class, name = "error"),
        @JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong"),
})
public sealed interface ServerMessage {

    /** The wire {@code type}, e.g. {@code participant_joined}; for logs and tests. */
    default String type() {
        return WireNames.of(getClass());
    }

    /** SDP, ICE and layer control coming from the SFU, relayed by the room to one participant. */
    sealed interface Negotiation extends ServerMessage permits PeerNegotiation, Layers, ErrorReply {
    }

    /** The reply to join_meeting when the participant is in. {@code participants} includes {@code you}. */
    record Joined(String requestId, PresenceEntry you, MeetingState meeting, List<PresenceEntry> participants)
            implements ServerMessage {
        public Joined {
            Objects.requireNonNull(you, "you");
            Objects.requireNonNull(meeting, "meeting");
            participants = List.copyOf(participants);
        }
    }

    /** The reply to join_meeting when the participant is held outside; sent again if the reason changes. */
    record Waiting(String requestId, WaitingReason reason) implements ServerMessage {
        public Waiting {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A host let the participant in; {@code joined} follows. {@code by} is absent when the host's arrival did it. */
    record Admitted(ParticipantId by) implements ServerMessage {
    }

    /** A host refused entry; the server closes the connection after this. */
    record Denied(ParticipantId by) implements ServerMessage {
    }

    /** To hosts and co-hosts: everyone waiting, oldest first; sent whenever the list changes. */
    record WaitingList(List<WaitingEntry> waiting) implements ServerMessage {
        public WaitingList {
            waiting = List.copyOf(waiting);
        }
    }

    record ParticipantJoined(PresenceEntry participant) implements ServerMessage {
        public ParticipantJoined {
            Objects.requireNonNull(participant, "participant");
        }
    }

    record ParticipantLeft(ParticipantId participantId, LeaveReason reason) implements ServerMessage {
        public ParticipantLeft {
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The whole participant list; sent when roles change, which can touch several rows at once. */
    record Presence(List<PresenceEntry> participants) implements ServerMessage {
        public Presence {
            participants = List.copyOf(participants);
        }
    }

    record Muted(ParticipantId participantId, MediaKind kind, ParticipantId by) implements ServerMessage {
        public Muted {
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(kind, "kind");
        }
    }

    record Unmuted(ParticipantId participantId, MediaKind kind) implements ServerMessage {
        public Unmuted {
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A host asks this participant to unmute; only the participant can do it. */
    record UnmuteRequested(MediaKind kind, ParticipantId by) implements ServerMessage {
        public UnmuteRequested {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(by, "by");
        }
    }

    /** To the removed participant, with what the host typed; the server closes the connection after this. */
    record Kicked(String reason, ParticipantId by) implements ServerMessage {
        public Kicked {
            Objects.requireNonNull(by, "by");
        }
    }

    record HandRaised(ParticipantId participantId) implements ServerMessage {
        public HandRaised {
            Objects.requireNonNull(participantId, "participantId");
        }
    }

    record HandLowered(ParticipantId participantId, ParticipantId by) implements ServerMessage {
        public HandLowered {
            Objects.requireNonNull(participantId, "participantId");
        }
    }

    record Reaction(ParticipantId participantId, String emoji) implements ServerMessage {
        public Reaction {
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(emoji, "emoji");
        }
    }

    /** {@code to} is absent for a message to everyone. */
    record Chat(String messageId, ParticipantId from, String fromName, ParticipantId to, String text, Instant sentAt)
            implements ServerMessage {
        public Chat {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(fromName, "fromName");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(sentAt, "sentAt");
        }
    }

    /** {@code layout} is null for the deployment's default layout. */
    record RecordingStarted(String recordingId, boolean transcribe, ParticipantId by, String layout, boolean audioOnly)
            implements ServerMessage {
        public RecordingStarted {
            Objects.requireNonNull(recordingId, "recordingId");
        }
    }

    record RecordingStopped(String recordingId, ParticipantId by) implements ServerMessage {
        public RecordingStopped {
            Objects.requireNonNull(recordingId, "recordingId");
        }
    }

    record MeetingLocked(ParticipantId by) implements ServerMessage {
    }

    record MeetingUnlocked(ParticipantId by) implements ServerMessage {
    }

    /** To everyone, waiting room included; the server closes every connection after this. */
    record MeetingEnded(MeetingEndReason reason) implements ServerMessage {
        public MeetingEnded {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The SFU's dominant speaker changed. */
    record ActiveSpeaker(ParticipantId participantId) implements ServerMessage {
        public ActiveSpeaker {
            Objects.requireNonNull(participantId, "participantId");
        }
    }

    /**
     * A live caption from the transcription job ({@code transcript.segments}): interim versions
     * ({@code isFinal} false) of one segment share its {@code segmentId} and are replaced by later
     * ones, the final one last. Offsets are milliseconds since the meeting's start.
     */
    record Caption(String segmentId, ParticipantId participantId, String speakerName, String text, boolean isFinal,
                   long startMs, long endMs) implements ServerMessage {
        public Caption {
            Objects.requireNonNull(segmentId, "segmentId");
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(speakerName, "speakerName");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The simulcast layers (by rid) of the sender's camera that someone receives; the sender pauses
     * the others, so nobody encodes and uploads video that goes nowhere.
     */
    record Layers(List<String> active) implements Negotiation {
        public Layers {
            active = List.copyOf(active);
        }
    }

    /** {@code requestId} is the {@code id} of the frame that caused it, when it had one. */
    /** Also a negotiation signal: the SFU refuses an offer with one (TOO_MANY_TRACKS). */
    record ErrorReply(ErrorCode code, String message, String requestId) implements Negotiation {
        public ErrorReply {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    record Pong(String requestId, Instant serverTime) implements ServerMessage {
        public Pong {
            Objects.requireNonNull(serverTime, "serverTime");
        }
    }
}
