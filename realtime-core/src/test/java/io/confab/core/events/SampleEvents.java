package io.confab.core.events;

import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;

import java.time.Instant;
import java.util.UUID;

/** Meeting events for the events package's unit tests: each with a fresh id, of one account, at one fixed time. */
final class SampleEvents {

    private static final String ACCOUNT = "5f0c1a52-7f3e-4d61-9a3b-0f6f3c2b1a01";

    private SampleEvents() {
    }

    /** A host ended the meeting: an event that changes the meeting's row. */
    static MeetingEvent ended(String meetingId) {
        return event(meetingId, new MeetingEnded(MeetingEndReason.ENDED_BY_HOST));
    }

    /** A chat message from Ann: a room event that changes no row. */
    static MeetingEvent chat(String meetingId, String text) {
        return event(meetingId, new ChatMessage(UUID.randomUUID().toString(), "p-1", "Ann", null, text));
    }

    static MeetingEvent event(String meetingId, Object payload) {
        return MeetingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAccountId(ACCOUNT)
                .setMeetingId(meetingId)
                .setOccurredAt(Instant.parse("2026-12-05T09:30:00Z"))
                .setPayload(payload)
                .build();
    }
}
