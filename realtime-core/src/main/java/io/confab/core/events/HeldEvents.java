package io.confab.core.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which of a meeting's events may go to Kafka at once and which wait (events README, "Order").
 *
 * <p>An event that changes a row ({@code MeetingStarted}, {@code MeetingEnded}, a recording, a
 * meeting created, edited or deleted over REST) is sent only once its transaction has committed:
 * sent before, a crash could leave Kafka holding a status PostgreSQL never committed. The events of
 * its meeting handed over after it wait behind it, so that none overtakes it (a join before its
 * meeting's start). A meeting with nothing waiting keeps the fast path: its events go at once.
 *
 * <p>Not thread-safe: the outbox calls it under the lock it hands events over with, and sends what
 * it returns under that lock too, so that a send decided here is made before the next decision.
 */
final class HeldEvents {

    private final Map<String, ArrayDeque<OutboxEntry>> waiting = new HashMap<>();

    /**
     * True when the event may be sent now; false when it waits (a later {@link #committed} returns
     * it). An event refused by the outbox (not stored) may be handed here too: it never commits, so
     * it only waits behind its meeting's pending change, and must not change state itself.
     */
    boolean handOver(OutboxEntry entry) {
        ArrayDeque<OutboxEntry> queue = waiting.get(entry.meetingId());
        if (queue == null) {
            if (!entry.changesState()) {
                return true;
            }
            queue = new ArrayDeque<>();
            waiting.put(entry.meetingId(), queue);
        }
        queue.add(entry);
        return false;
    }

    /**
     * Everything handed over through {@code sequence} has committed: the events that may go now, in
     * the order they must be sent. Per meeting, that is each waiting event up to the first change
     * not yet committed; the events without a change of their own between two changes go with the
     * earlier one, as they would have gone at once had it not been waiting.
     */
    List<OutboxEntry> committed(long sequence) {
        List<OutboxEntry> ready = new ArrayList<>();
        for (Iterator<ArrayDeque<OutboxEntry>> meetings = waiting.values().iterator(); meetings.hasNext(); ) {
            ArrayDeque<OutboxEntry> queue = meetings.next();
            while (!queue.isEmpty()) {
                OutboxEntry head = queue.peek();
                if (head.changesState() && head.sequence() > sequence) {
                    break;
                }
                ready.add(queue.poll());
            }
            if (queue.isEmpty()) {
                meetings.remove();
            }
        }
        return ready;
    }

    /** Meetings whose events wait for a commit. */
    int meetings() {
        return waiting.size();
    }
}
