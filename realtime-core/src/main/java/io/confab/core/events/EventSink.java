package io.confab.core.events;

import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;

/**
 * Where realtime-core's facts go: {@code meeting.events} (every state change of a meeting) and
 * {@code audit.log} (host actions and authentication failures). Kafka in production; a list in
 * unit tests.
 */
public interface EventSink extends AutoCloseable {

    void meetingEvent(MeetingEvent event);

    void audit(AuditEntry entry);

    @Override
    void close();
}
