package io.confab.core.events;

import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Where realtime-core's facts go: {@code meeting.events} (every state change of a meeting) and
 * {@code audit.log} (host actions and authentication failures). The {@link EventOutbox} in
 * production; a list in unit tests. No call blocks on Kafka or PostgreSQL: rooms call it on their
 * event loop.
 */
public interface EventSink extends AutoCloseable {

    /** Publishes the event; {@code alongside} is stored in the same PostgreSQL transaction as the event. */
    void meetingEvent(MeetingEvent event, StateChange alongside);

    default void meetingEvent(MeetingEvent event) {
        meetingEvent(event, StateChange.NONE);
    }

    /**
     * Stores {@code change} and its event in one PostgreSQL transaction and returns once it has
     * committed: for callers that may block (REST), never a room's event loop. Only this change and
     * its event are undone when the change fails, and its exception is thrown here; the event then
     * never reaches Kafka.
     */
    void storeWithEvent(MeetingEvent event, StateChange change) throws SQLException;

    void audit(AuditEntry entry);

    /**
     * Waits, at most {@code timeout}, until every event handed over so far is stored, with the state
     * change it carries; false when that took longer.
     */
    default boolean flush(Duration timeout) {
        return true;
    }

    @Override
    void close();
}
