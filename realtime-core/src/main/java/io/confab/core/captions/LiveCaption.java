package io.confab.core.captions;

import io.confab.core.signaling.protocol.ServerMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * One {@code transcript.segments} record as signaling needs it: which meeting run it belongs to,
 * and the {@code caption} message its participants get.
 *
 * @param meetingId        the meeting id (the topic's key)
 * @param meetingStartedAt the run's {@code MeetingStarted} time; a room drops captions of other runs
 * @param message          what goes to every participant
 */
public record LiveCaption(String meetingId, Instant meetingStartedAt, ServerMessage.Caption message) {
    public LiveCaption {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(meetingStartedAt, "meetingStartedAt");
        Objects.requireNonNull(message, "message");
    }
}
