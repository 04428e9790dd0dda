package io.confab.core.events;

import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;

import java.time.Duration;

/**
 * Where realtime-core's facts go: {@code meeting.events} (every state change of a meeting) and
 * {@code audit.log} (host actions and authentication failures). The {@link Outbox} in production;
 * a list in unit tests. Calls never block on Kafka.
 */
public interface EventSink extends AutoCloseable {

    /** Publishes the event, storing {@code alongside} in the same transaction. */
    void meetingEvent(MeetingEvent event, StateChange alongside);

    default void meetingEvent(MeetingEvent event) {
        meetingEvent(event, StateChange.NONE);
    }

    void audit(AuditEntry entry);

    /**
     * Waits until everything handed over so far is durable (and its state changes visible), at most
     * {@code timeout}; false when it took longer.
     */
    boolean flush(Duration timeout);

    @Override
    void close();
}
