package io.confab.core.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ordering rule alone: a change waits for its commit, its meeting's later events wait behind it, other meetings do not. */
class HeldEventsTest {

    private static final StateChange STATUS = connection -> { };

    private final HeldEvents held = new HeldEvents();
    private long sequence;

    private OutboxEntry change(String meeting) {
        return new OutboxEntry(meeting, UUID.randomUUID().toString(), new byte[0], STATUS, ++sequence);
    }

    private OutboxEntry roomEvent(String meeting) {
        return new OutboxEntry(meeting, UUID.randomUUID().toString(), new byte[0], StateChange.NONE, ++sequence);
    }

    @Test
    void aRoomEventOfAMeetingWithNothingPendingGoesAtOnce() {
        assertTrue(held.handOver(roomEvent("1")));
        assertEquals(0, held.meetings());
    }

    @Test
    void aChangeWaitsForItsCommitAndTheJoinAfterItWaitsBehindIt() {
        OutboxEntry started = change("1");
        OutboxEntry joined = roomEvent("1");
        assertFalse(held.handOver(started), "a change is never sent before its commit");
        assertFalse(held.handOver(joined), "a join must not overtake its meeting's start");
        assertTrue(held.handOver(roomEvent("2")), "another meeting keeps the fast path");
        assertEquals(List.of(), held.committed(started.sequence() - 1), "nothing goes before the start commits");
        assertEquals(List.of(started, joined), held.committed(started.sequence()),
                "the start, then the join behind it, once the start committed (the join's own commit is not waited for)");
        assertEquals(0, held.meetings());
        assertTrue(held.handOver(roomEvent("1")), "the meeting is back on the fast path");
    }

    @Test
    void aSecondChangeKeepsWhatCameAfterItWaitingUntilItCommits() {
        OutboxEntry started = change("1");
        OutboxEntry joined = roomEvent("1");
        OutboxEntry ended = change("1");
        OutboxEntry late = roomEvent("1");
        for (OutboxEntry entry : List.of(started, joined, ended, late)) {
            assertFalse(held.handOver(entry));
        }
        assertEquals(List.of(started, joined), held.committed(joined.sequence()));
        assertFalse(held.handOver(roomEvent("1")) , "still behind the end");
        assertEquals(1, held.meetings());
        List<OutboxEntry> rest = held.committed(ended.sequence());
        assertEquals(List.of(ended, late), rest.subList(0, 2));
        assertEquals(3, rest.size(), "and the event handed over after");
    }

    @Test
    void anEventThatIsNotStoredWaitsBehindThePendingChangeAndThenGoes() {
        OutboxEntry started = change("1");
        OutboxEntry refused = new OutboxEntry("1", UUID.randomUUID().toString(), new byte[0], StateChange.NONE, 0);
        assertFalse(held.handOver(started));
        assertFalse(held.handOver(refused));
        assertEquals(List.of(started, refused), held.committed(started.sequence()));
    }
}
