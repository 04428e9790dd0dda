package io.confab.jobs.usage.sink;

import io.confab.jobs.usage.presence.SessionRow;
import io.confab.jobs.usage.presence.SessionTable;
import io.confab.jobs.usage.state.CommitOutbox;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Session rows between the meeting fold and their table, written once per commit. The fold's
 * upserts and deletes are kept here, the last one per row key replacing the ones before it, and
 * handed to the table when Kafka Streams flushes its stores' caches, which it does in every
 * commit before the transaction commits ({@code StreamTask.prepareCommit}); that waits until the
 * table has them all, and a failed write fails the commit.
 *
 * <p>The hook is {@link CommitOutbox}'s; {@code UsageTopologyTest} fails if a Kafka Streams upgrade
 * stops calling it (no session rows arrive).
 *
 * <p>So the table never misses a row of a committed transaction: a crash before the flush loses
 * only uncommitted state, which is rebuilt from the same inputs with the same rows; a crash after
 * it re-writes rows that are already there. Rows are whole-row upserts and deletes under their
 * primary key (meeting, first join, participant), so writing one twice changes nothing.
 *
 * <p>A state store only for that hook: it keeps nothing across commits and has no changelog.
 */
public final class SessionOutbox extends CommitOutbox implements SessionTable {

    public static final String NAME = "usage-session-outbox";

    private record Change(SessionRow row, boolean delete) {
    }

    /** A row's primary key: its meeting (the partition) and its key there. */
    private record RowKey(String meetingId, SessionRow.Key key) {
    }

    private final SessionTable table;
    private final Map<RowKey, Change> pending = new LinkedHashMap<>();

    private SessionOutbox(SessionTable table) {
        super(NAME);
        this.table = table;
    }

    /** The store builder Kafka Streams makes one outbox per task with, all writing to {@code table}. */
    public static StoreBuilder<SessionOutbox> builder(SessionTable table) {
        return CommitOutbox.builder(NAME, () -> new SessionOutbox(table));
    }

    @Override
    public void upsert(SessionRow row) {
        pending.put(key(row), new Change(row, false));
    }

    @Override
    public void delete(SessionRow row) {
        pending.put(key(row), new Change(row, true));
    }

    /** Rows waiting for the next commit. */
    public int pending() {
        return pending.size();
    }

    @Override
    public void flushCache() {
        if (pending.isEmpty()) {
            return;
        }
        for (Change change : pending.values()) {
            if (change.delete()) {
                table.delete(change.row());
            } else {
                table.upsert(change.row());
            }
        }
        // Cleared only once written: if the wait throws, the task fails, its state goes back to the
        // last commit and the rows come again from the replayed inputs.
        table.awaitWritten();
        pending.clear();
    }

    @Override
    public void clearCache() {
        pending.clear();
    }

    private static RowKey key(SessionRow row) {
        return new RowKey(row.meetingId(), row.key());
    }
}
