package io.confab.core.signaling.protocol;

import java.util.Objects;

/** The meeting as a newly joined client needs to draw it. {@code recordingId} is null when not recording. */
public record MeetingState(String meetingId, String topic, boolean locked, boolean recording,
                           String recordingId, ParticipantId activeSpeaker) {
    public MeetingState {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(topic, "topic");
    }
}
