package io.confab.core.events;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write side of the transactional outbox: events and audit entries go into PostgreSQL's
 * {@code event_outbox} table, each in one transaction with the state change it describes, and
 * {@link OutboxRelay} takes them from there to Kafka. Callers (a meeting's thread among them) only
 * queue: one writer thread stores the queue in order, many entries per transaction, so a slow
 * database delays events without blocking signaling, and the order in which rooms produced events
 * is the order of their positions in the table.
 *
 * <p>The single writer is also what keeps the relay correct: positions are committed in increasing
 * order, so when the relay reads row N every row below N is already visible. With concurrent writers
 * a later position could commit first, and the relay's delete of everything up to it would remove
 * an earlier row it never sent.
 *
 * <p>What is lost on a crash is what the writer had not committed yet (milliseconds of events); the
 * state changes those events describe were not committed either, so PostgreSQL and
 * {@code meeting.events} still agree.
 */
public final class Outbox implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** A day of a busy node's events fit; beyond it (the database gone for long) entries are refused and counted. */
    static final int QUEUE_CAPACITY = 200_000;
    private static final int BATCH = 500;
    private static final String INSERT = "INSERT INTO event_outbox (topic, record_key, payload) VALUES (?, ?, ?)";

    private sealed interface Entry permits Record, Marker {
    }

    private record Record(String topic, String key, byte[] payload, StateChange alongside) implements Entry {
    }

    private record Marker(CompletableFuture<Void> done) implements Entry {
    }

    private final DataSource database;
    private final Runnable written;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong stateChangesFailed = new AtomicLong();
    private final AtomicLong writeRetries = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param written called after each commit (the relay wakes up instead of polling)
     */
    public Outbox(DataSource database, Runnable written) {
        this.database = database;
        this.written = written;
        this.writer = new Thread(this::writeLoop, "outbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void meetingEvent(MeetingEvent event, StateChange alongside) {
        enqueue(new Record(Topics.MEETING_EVENTS, event.getMeetingId(), Codecs.MEETING_EVENTS.encode(event), alongside));
    }

    @Override
    public void audit(AuditEntry entry) {
        String key = entry.getAccountId() == null ? "" : entry.getAccountId();
        enqueue(new Record(Topics.AUDIT_LOG, key, Codecs.AUDIT_LOG.encode(entry), StateChange.NONE));
    }

    private void enqueue(Record record) {
        if (closed || !queue.offer(record)) {
            long count = refused.incrementAndGet();
            if (Long.bitCount(count) == 1) {
                LOG.error("outbox refused a {} record ({} so far): {}", record.topic(), count,
                        closed ? "realtime-core is stopping" : "PostgreSQL has not kept up for a long time");
            }
        }
    }

    @Override
    public boolean flush(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!queue.offer(new Marker(done))) {
            return false;
        }
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (!(closed && queue.isEmpty())) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                storeUntilDone(batch);
                for (Entry entry : batch) {
                    if (entry instanceof Marker marker) {
                        marker.done().complete(null);
                    }
                }
                batch.clear();
                written.run();
            } catch (InterruptedException e) {
                if (!closed) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Retries the batch, backing off, until PostgreSQL takes it: the entries exist nowhere else. */
    private void storeUntilDone(List<Entry> batch) throws InterruptedException {
        long backoffMs = 100;
        while (true) {
            try {
                store(batch);
                return;
            } catch (SQLException e) {
                long retries = writeRetries.incrementAndGet();
                if (Long.bitCount(retries) == 1) {
                    LOG.error("could not write {} records to the outbox (attempt {}), retrying: {}", batch.size(), retries, e.toString());
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(5_000, backoffMs * 2);
            }
        }
    }

    private void store(List<Entry> batch) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                int records = 0;
                for (Entry entry : batch) {
                    if (!(entry instanceof Record record)) {
                        continue;
                    }
                    applyAlongside(connection, record.alongside());
                    insert.setString(1, record.topic());
                    insert.setString(2, record.key());
                    insert.setBytes(3, record.payload());
                    insert.addBatch();
                    records++;
                }
                if (records > 0) {
                    insert.executeBatch();
                }
                connection.commit();
                stored.addAndGet(records);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * A state change that fails (a meeting deleted meanwhile, a constraint) is rolled back to its
     * savepoint and logged; its event is still stored, since it happened in the live meeting.
     */
    private void applyAlongside(Connection connection, StateChange change) throws SQLException {
        if (change == StateChange.NONE) {
            return;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            change.apply(connection);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (isConnectionLost(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            stateChangesFailed.incrementAndGet();
            LOG.error("could not store a meeting's state change; its event is kept: {}", e.toString());
        }
    }

    private static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    /** Records in the outbox table so far (committed). */
    public long stored() {
        return stored.get();
    }

    /** Records refused because the queue was full or the process stopping. */
    public long refused() {
        return refused.get();
    }

    public long stateChangesFailed() {
        return stateChangesFailed.get();
    }

    /** Writes that failed and were retried (the database unreachable). */
    public long writeRetries() {
        return writeRetries.get();
    }

    /** Stores what is queued (up to 10 s), then stops the writer. */
    @Override
    public void close() {
        flush(Duration.ofSeconds(10));
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
