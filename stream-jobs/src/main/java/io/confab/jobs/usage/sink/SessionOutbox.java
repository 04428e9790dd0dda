package io.confab.jobs.usage.sink;

import io.confab.jobs.usage.presence.SessionRow;
import io.confab.jobs.usage.presence.SessionTable;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Session rows between the meeting fold and their table, written once per commit. The fold's
 * upserts and deletes are kept here, the last one per row key replacing the ones before it, and
 * handed to the table when Kafka Streams flushes its stores' caches, which it does in every
 * commit before the transaction commits ({@code StreamTask.prepareCommit}); that waits until the
 * table has them all, and a failed write fails the commit.
 *
 * <p>The hook is Kafka Streams' internal {@link CachedStateStore} (4.1): {@link StateStore#flush}
 * would be too late, as Kafka Streams calls it only when it writes a checkpoint, after the commit
 * and not at every commit. {@code UsageTopologyTest} fails if a Kafka Streams upgrade stops
 * calling the hook (no session rows arrive).
 *
 * <p>So the table never misses a row of a committed transaction: a crash before the flush loses
 * only uncommitted state, which is rebuilt from the same inputs with the same rows; a crash after
 * it re-writes rows that are already there. Rows are whole-row upserts and deletes under their
 * primary key (meeting, first join, participant), so writing one twice changes nothing.
 *
 * <p>A state store only for that hook: it keeps nothing across commits and has no changelog.
 */
public final class SessionOutbox implements StateStore, CachedStateStore<Object, Object>, SessionTable {

    public static final String NAME = "usage-session-outbox";

    private record Change(SessionRow row, boolean delete) {
    }

    private final SessionTable table;
    private final Map<String, Change> pending = new LinkedHashMap<>();
    private boolean open;

    private SessionOutbox(SessionTable table) {
        this.table = table;
    }

    /** The store builder Kafka Streams makes one outbox per task with, all writing to {@code table}. */
    public static StoreBuilder<SessionOutbox> builder(SessionTable table) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<SessionOutbox> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<SessionOutbox> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<SessionOutbox> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException("the session outbox has no changelog: it holds nothing across commits");
            }

            @Override
            public StoreBuilder<SessionOutbox> withLoggingDisabled() {
                return this;
            }

            @Override
            public SessionOutbox build() {
                return new SessionOutbox(table);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return NAME;
            }
        };
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

    /** At every commit, before the transaction commits. */
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

    /** Only at checkpoints, after a commit: the rows went at {@link #flushCache} already. */
    @Override
    public void flush() {
    }

    /** The task's state goes back to its last commit: these rows were never committed. */
    @Override
    public void clearCache() {
        pending.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    private static String key(SessionRow row) {
        return row.meetingId() + '|' + row.joinedAt() + '|' + row.participantId();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        context.register(root, (key, value) -> {
        });
        open = true;
    }

    @Override
    public void close() {
        pending.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
