package io.confab.jobs.usage.intake;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.EventCodec;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;

import static io.confab.jobs.usage.intake.InputKind.blank;

/** meeting.events: only runs and presences are metered; duplicates share the eventId. */
public final class MeetingEventInput implements InputKind<MeetingEvent> {

    @Override
    public EventCodec<MeetingEvent> codec() {
        return Codecs.MEETING_EVENTS;
    }

    @Override
    public boolean metered(MeetingEvent event) {
        Object payload = event.getPayload();
        return payload instanceof MeetingStarted || payload instanceof MeetingEnded
                || payload instanceof ParticipantJoined || payload instanceof ParticipantLeft;
    }

    @Override
    public String identity(MeetingEvent event) {
        return event.getEventId();
    }

    @Override
    public long occurredAt(MeetingEvent event) {
        return event.getOccurredAt().toEpochMilli();
    }

    @Override
    public String problem(MeetingEvent event) {
        if (blank(event.getEventId())) {
            return "missing field eventId";
        }
        if (blank(event.getAccountId())) {
            return "missing field accountId (event " + event.getEventId() + ")";
        }
        if (blank(event.getMeetingId())) {
            return "missing field meetingId (event " + event.getEventId() + ")";
        }
        if (event.getPayload() instanceof ParticipantJoined joined) {
            if (blank(joined.getParticipantId())) {
                return "missing field participantId in ParticipantJoined (event " + event.getEventId() + ")";
            }
            if (blank(joined.getUserId()) && blank(joined.getDisplayName())) {
                return "ParticipantJoined has neither userId nor displayName (event " + event.getEventId() + ")";
            }
        }
        if (event.getPayload() instanceof ParticipantLeft left && blank(left.getParticipantId())) {
            return "missing field participantId in ParticipantLeft (event " + event.getEventId() + ")";
        }
        return null;
    }
}
