package io.confab.core.mediaplane;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.storage.events.MediaKind;
import java.util.Objects;

/**
 * What the room tells the media plane (the SFU). This is the narrow interface between meeting state
 * and forwarding: the room decides, the SFU moves bytes. Answers from the SFU come back through
 * {@code Room.relayFromMedia} and {@code Room.activeSpeakerChanged}.
 */
public sealed interface MediaCommand {

    /**
     * Someone entered the meeting: the SFU prepares their receiving side (a subscribe connection),
     * whether or not they ever publish. Always comes before any other command for them.
     */
    record Connect(ParticipantId participant, String displayName) implements MediaCommand {
        public Connect {
            Objects.requireNonNull(participant, "participant");
        }
    }

    /** SDP or ICE from a participant who is in the meeting; waiting participants never reach the SFU. */
    record Negotiate(ParticipantId from, MediaNegotiation signal) implements MediaCommand {
        public Negotiate {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(signal, "signal");
        }
    }

    /** A track's mute state changed; the SFU stops forwarding a muted track (a host mute is enforced here). */
    record SetMuted(ParticipantId participant, MediaKind kind, boolean muted) implements MediaCommand {
        public SetMuted {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The participant is out of the meeting (left, kicked, meeting ended): tear down their transport now. */
    record Disconnect(ParticipantId participant) implements MediaCommand {
        public Disconnect {
            Objects.requireNonNull(participant, "participant");
        }
    }

    /** Cloud recording began: tap the meeting's decrypted media into media-ingest under this recording. */
    record StartTap(String recordingId, boolean transcribe) implements MediaCommand {
        public StartTap {
            Objects.requireNonNull(recordingId, "recordingId");
        }
    }

    /**
     * The meeting has the setting {@code transcription}: tap its audio into media-ingest for the
     * transcription job, with or without a recording. Sent after every {@link Connect}, since the SFU
     * forgets a meeting whose last participant left; the SFU treats a repeat as nothing new.
     */
    record TapAudioForTranscription() implements MediaCommand {
    }

    /** Cloud recording ended: stop tapping. */
    record StopTap(String recordingId) implements MediaCommand {
        public StopTap {
            Objects.requireNonNull(recordingId, "recordingId");
        }
    }
}
