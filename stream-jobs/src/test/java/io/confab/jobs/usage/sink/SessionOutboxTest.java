package io.confab.jobs.usage.sink;

import io.confab.jobs.usage.presence.SessionRow;
import io.confab.jobs.usage.presence.SessionTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox alone, with a table that records what reaches it. */
class SessionOutboxTest {

    private final List<String> written = new ArrayList<>();
    private boolean failNextWait;
    private final SessionTable table = new SessionTable() {
        @Override
        public void upsert(SessionRow row) {
            written.add("upsert " + row.participantId() + " left " + row.leftAt());
        }

        @Override
        public void delete(SessionRow row) {
            written.add("delete " + row.participantId());
        }

        @Override
        public void awaitWritten() {
            if (failNextWait) {
                failNextWait = false;
                throw new IllegalStateException("Cassandra said no");
            }
        }
    };
    private final SessionOutbox outbox = SessionOutbox.builder(table).build();

    @Test
    void writesNothingBeforeTheCommitAndOnlyTheLastChangeOfEachRowAtIt() {
        outbox.upsert(row("p-1", null));
        outbox.upsert(row("p-2", null));
        outbox.upsert(row("p-1", 5_000L));
        outbox.delete(row("p-2", null));
        assertTrue(written.isEmpty(), "nothing is written between commits: " + written);
        outbox.flushCache();
        assertEquals(List.of("upsert p-1 left 5000", "delete p-2"), written);
        outbox.flushCache();
        assertEquals(2, written.size(), "a second commit with nothing new writes nothing");
    }

    @Test
    void aFailedWriteFailsTheCommitAndKeepsTheRows() {
        outbox.upsert(row("p-1", 5_000L));
        failNextWait = true;
        IllegalStateException e = assertThrows(IllegalStateException.class, outbox::flushCache);
        assertEquals("Cassandra said no", e.getMessage());
        assertEquals(1, outbox.pending(), "the rows stay until a flush has written them");
    }

    private static SessionRow row(String participant, Long leftAt) {
        return new SessionRow("m-1", 1_000, participant, "acct-1", "u-" + participant, "Name", "PARTICIPANT", null, leftAt,
                leftAt == null ? null : "LEFT");
    }
}
