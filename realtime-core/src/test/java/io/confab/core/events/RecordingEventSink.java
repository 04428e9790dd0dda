package io.confab.core.events;

import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EventSink} for unit tests that stores nothing and keeps what it was handed, in the order
 * it came: each meeting event with the state change it carried (not applied: there is no database),
 * and each audit entry. Safe to call from several threads, as the routes and rooms do.
 */
public final class RecordingEventSink implements EventSink {

    /** How an event came: handed over by a room, or stored with its change by a request that waited. */
    public enum Path { HANDED_OVER, STORED }

    /** One meeting event and the change that came with it ({@link StateChange#NONE} for none). */
    public record Recorded(MeetingEvent event, StateChange change, Path path) {
    }

    private final List<Recorded> events = new ArrayList<>();
    private final List<AuditEntry> audited = new ArrayList<>();

    @Override
    public synchronized void meetingEvent(MeetingEvent event, StateChange alongside) {
        events.add(new Recorded(event, alongside, Path.HANDED_OVER));
    }

    /** Recorded as the outbox would take it: a change is required ({@link EventOutbox#storeWithEvent}). */
    @Override
    public synchronized void storeWithEvent(MeetingEvent event, StateChange change) {
        if (change == StateChange.NONE) {
            throw new IllegalArgumentException("storeWithEvent needs a change to store, event " + event.getEventId());
        }
        events.add(new Recorded(event, change, Path.STORED));
    }

    @Override
    public synchronized void audit(AuditEntry entry) {
        audited.add(entry);
    }

    /** Every meeting event so far, in the order handed over. */
    public synchronized List<Recorded> events() {
        return List.copyOf(events);
    }

    /** Every audit entry so far, in order. */
    public synchronized List<AuditEntry> audited() {
        return List.copyOf(audited);
    }

    @Override
    public void close() {
    }
}
