package io.confab.core.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One meeting event on its way: encoded once on the room's thread, then stored by the writer and,
 * on the fast path, produced to Kafka at the same time. Its row may be deleted once both have
 * happened, in whichever order they come.
 */
final class OutboxEntry {

    private static final int ACKNOWLEDGED = 1;
    private static final int STORED = 2;

    private final String meetingId;
    private final String eventId;
    private final byte[] payload;
    private final StateChange change;
    private final long sequence;
    /** Completed at the commit for a request that waits for it (REST); null for a room's event. */
    private final CompletableFuture<Void> outcome;
    private final AtomicInteger done = new AtomicInteger();
    /** Written by the writer before {@link #stored()}, read after both flags are seen. */
    private volatile long position;

    OutboxEntry(String meetingId, String eventId, byte[] payload, StateChange change, long sequence) {
        this(meetingId, eventId, payload, change, sequence, null);
    }

    OutboxEntry(String meetingId, String eventId, byte[] payload, StateChange change, long sequence,
                CompletableFuture<Void> outcome) {
        this.outcome = outcome;
        this.meetingId = meetingId;
        this.eventId = eventId;
        this.payload = payload;
        this.change = change;
        this.sequence = sequence;
    }

    String meetingId() {
        return meetingId;
    }

    String eventId() {
        return eventId;
    }

    byte[] payload() {
        return payload;
    }

    StateChange change() {
        return change;
    }

    /** Order of hand-over; the writer commits in this order. */
    long sequence() {
        return sequence;
    }

    long position() {
        return position;
    }

    boolean changesState() {
        return change != StateChange.NONE;
    }

    /**
     * A request waits for this event's commit, and its change alone may fail: it runs under a
     * savepoint, so that a failure rolls back only it and its event, not the group.
     */
    boolean answersARequest() {
        return outcome != null;
    }

    /** The transaction committed: the waiting request learns whether its change was stored (null) or why not. */
    void answer(Exception failure) {
        if (failure != null) {
            outcome.completeExceptionally(failure);
        } else {
            outcome.complete(null);
        }
    }

    /** Kafka acknowledged the direct send; true when the row is stored too, and may go. */
    boolean acknowledged() {
        return done.accumulateAndGet(ACKNOWLEDGED, (a, b) -> a | b) == (ACKNOWLEDGED | STORED);
    }

    /** The row is committed at {@code position}; true when Kafka has acknowledged it too, and it may go. */
    boolean stored(long position) {
        this.position = position;
        return done.accumulateAndGet(STORED, (a, b) -> a | b) == (ACKNOWLEDGED | STORED);
    }
}
