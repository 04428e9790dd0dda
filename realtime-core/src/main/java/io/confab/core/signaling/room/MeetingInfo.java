package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.storage.events.MeetingType;
import java.util.Objects;

/**
 * What a room needs to know about its meeting, read from the meeting service when the first
 * participant arrives. The ids go into every event and audit entry the room produces.
 *
 * @param meetingId   the meeting id as issued (10-11 digits); the key of {@code meeting.events}
 * @param accountId   the account that owns the meeting; the key of its {@code audit.log} entries
 * @param hostUserId  the user who owns the meeting
 * @param topic       the meeting's title
 * @param meetingType instant, scheduled or recurring; repeated in {@code MeetingStarted}
 * @param settings    the flags the room enforces
 */
public record MeetingInfo(String meetingId, String accountId, String hostUserId, String topic,
                          MeetingType meetingType, MeetingSettings settings) {
    public MeetingInfo {
        requireText(meetingId, "meetingId");
        requireText(accountId, "accountId");
        requireText(hostUserId, "hostUserId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(meetingType, "meetingType");
        Objects.requireNonNull(settings, "settings");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
