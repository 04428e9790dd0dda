package io.confab.core.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.confab.storage.events.MediaKind;
import java.util.Objects;

/**
 * A message from a browser or bot to the server. Each record's wire {@code type} is its name in
 * snake case ({@code KickParticipant} is {@code kick_participant}); fields are the record components.
 * Nullable components are optional on the wire. Parsing (with its checks) is {@link ProtocolCodec#parse};
 * the Jackson annotations serve {@link ProtocolCodec#encode}, which clients use.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientMessage.JoinMeeting.class, name = "join_meeting"),
        @JsonSubTypes.Type(value = ClientMessage.LeaveMeeting.class, name = "leave_meeting"),
        @JsonSubTypes.Type(value = Offer.class, name = "offer"),
        @JsonSubTypes.Type(value = Answer.class, name = "answer"),
        @JsonSubTypes.Type(value = IceCandidate.class, name = "ice_candidate"),
        @JsonSubTypes.Type(value = ClientMessage.VideoPreference.class, name = "video_preference"),
        @JsonSubTypes.Type(value = ClientMessage.Mute.class, name = "mute"),
        @JsonSubTypes.Type(value = ClientMessage.Unmute.class, name = "unmute"),
        @JsonSubTypes.Type(value = ClientMessage.KickParticipant.class, name = "kick_participant"),
        @JsonSubTypes.Type(value = ClientMessage.StartRecording.class, name = "start_recording"),
        @JsonSubTypes.Type(value = ClientMessage.StopRecording.class, name = "stop_recording"),
        @JsonSubTypes.Type(value = ClientMessage.RaiseHand.class, name = "raise_hand"),
        @JsonSubTypes.Type(value = ClientMessage.LowerHand.class, name = "lower_hand"),
        @JsonSubTypes.Type(value = ClientMessage.Reaction.class, name = "reaction"),
        @JsonSubTypes.Type(value = ClientMessage.Chat.class, name = "chat"),
        @JsonSubTypes.Type(value = ClientMessage.Admit.class, name = "admit"),
        @JsonSubTypes.Type(value = ClientMessage.Deny.class, name = "deny"),
        @JsonSubTypes.Type(value = ClientMessage.LockMeeting.class, name = "lock_meeting"),
        @JsonSubTypes.Type(value = ClientMessage.UnlockMeeting.class, name = "unlock_meeting"),
        @JsonSubTypes.Type(value = ClientMessage.EndMeeting.class, name = "end_meeting"),
        @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
})
public sealed interface ClientMessage {

    /** The wire {@code type}, e.g. {@code kick_participant}; for messages and logs. */
    default String type() {
        return WireNames.of(getClass());
    }

    /**
     * SDP and ICE: the room checks the sender is in the meeting and hands these to the SFU.
     * Offers, answers and candidates go both ways: {@link PeerNegotiation}.
     */
    sealed interface Negotiation extends ClientMessage permits PeerNegotiation, VideoPreference {
    }

    /**
     * Asks to enter a meeting. The transport checks token and passcode and turns this into a room's
     * {@code Identity}; the room never sees either secret. The mute flags are the client's wish at entry.
     */
    record JoinMeeting(String meetingId, String displayName, String passcode, String token,
                       boolean audioMuted, boolean videoMuted) implements ClientMessage {
        public JoinMeeting {
            Objects.requireNonNull(meetingId, "meetingId");
            Objects.requireNonNull(displayName, "displayName");
        }

        /** Secrets stay out of logs. */
        @Override
        public String toString() {
            return "JoinMeeting[meetingId=" + meetingId + ", displayName=" + displayName
                    + ", passcode=" + (passcode == null ? "none" : "***")
                    + ", token=" + (token == null ? "none" : "***")
                    + ", audioMuted=" + audioMuted + ", videoMuted=" + videoMuted + "]";
        }
    }

    record LeaveMeeting() implements ClientMessage {
    }

    /**
     * What video the sender wants to receive: {@code layout} {@code gallery} (every tile small) or
     * {@code speaker} (the active speaker large, the rest as thumbnails), and an optional ceiling on
     * the video it receives in kbit/s (a data-saver setting; null lifts it). The SFU's bandwidth
     * estimate still applies underneath.
     */
    record VideoPreference(String layout, Integer maxBitrateKbps) implements Negotiation {
        public VideoPreference {
            Objects.requireNonNull(layout, "layout");
            if (!layout.equals("gallery") && !layout.equals("speaker")) {
                throw new IllegalArgumentException("layout must be gallery or speaker");
            }
        }
    }

    /** Mutes the sender's own track, or with {@code target} another participant's (host only). */
    record Mute(MediaKind kind, ParticipantId target) implements ClientMessage {
        public Mute {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Unmutes the sender's own track, or with {@code target} asks that participant to unmute (host only). */
    record Unmute(MediaKind kind, ParticipantId target) implements ClientMessage {
        public Unmute {
            Objects.requireNonNull(kind, "kind");
        }
    }

    record KickParticipant(ParticipantId participantId, String reason) implements ClientMessage {
        public KickParticipant {
            Objects.requireNonNull(participantId, "participantId");
        }
    }

    /**
     * {@code transcribe} (true when absent on the wire) asks for a transcript; {@code layout}
     * ("gallery" or "speaker", absent for the deployment's default) and {@code audioOnly} (false when
     * absent) shape the recording.
     */
    record StartRecording(RecordingOptions options) implements ClientMessage {
        public StartRecording {
            Objects.requireNonNull(options, "options");
        }
    }

    record StopRecording() implements ClientMessage {
    }

    record RaiseHand() implements ClientMessage {
    }

    /** Lowers the sender's hand, or with {@code target} someone else's (host only). */
    record LowerHand(ParticipantId target) implements ClientMessage {
    }

    /** One of {@link Limits#REACTIONS}. */
    record Reaction(String emoji) implements ClientMessage {
        public Reaction {
            Objects.requireNonNull(emoji, "emoji");
        }
    }

    /** To everyone, or with {@code to} privately to one participant. */
    record Chat(String text, ParticipantId to) implements ClientMessage {
        public Chat {
            Objects.requireNonNull(text, "text");
        }
    }

    record Admit(ParticipantId participantId) implements ClientMessage {
        public Admit {
            Objects.requireNonNull(participantId, "participantId");
        }
    }

    record Deny(ParticipantId participantId) implements ClientMessage {
        public Deny {
            Objects.requireNonNull(participantId, "participantId");
        }
    }

    record LockMeeting() implements ClientMessage {
    }

    record UnlockMeeting() implements ClientMessage {
    }

    /** Ends the meeting for everyone (the host only). Leaving alone is {@link LeaveMeeting}. */
    record EndMeeting() implements ClientMessage {
    }

    record Ping() implements ClientMessage {
    }
}
