package io.confab.core.events;

import io.confab.core.db.Rollback;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.logging.RateLimitedLog;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The transactional outbox of {@code meeting.events} (issue #18 item 6; README "Delivery").
 *
 * <p>A room hands each event over without blocking: it is encoded, put on a bounded queue and, in
 * direct mode, produced to Kafka at once ({@link KafkaRelay}). One writer thread takes what has
 * queued up and stores it in one transaction: the state changes the events carry (a meeting's
 * status), then one multi-row INSERT of the events. A row whose event Kafka has acknowledged and
 * whose transaction has committed is deleted, in groups. So Kafka sees an event as soon as it did
 * before the outbox, and PostgreSQL holds every event Kafka may not have: at start-up, and after a
 * failed send, the relay sends the table's rows again in order. An event that carries a state change
 * is the exception: it is sent only after its commit, and its meeting's later events wait behind it
 * ({@link HeldEvents}), so Kafka never holds a change PostgreSQL lost to a crash.
 *
 * <p>One writer is what keeps the order: positions (bigserial) grow in the order the events were
 * handed over, and a transaction commits only after the one before it, so the relay, reading in
 * position order, never passes a row that commits later.
 */
public final class EventOutbox implements EventSink, KafkaRelay.Writer {

    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** How long a REST request waits for its change to commit; as long as {@link #close} waits for the queue. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Positions per DELETE: an array parameter, so no parameter limit; bounded to keep a transaction short. */
    private static final int MAX_DELETIONS = 10_000;

    private final DataSource database;
    private final KafkaRelay relay;
    private final int capacity;
    /** Rows per transaction ({@code event-group-rows}). */
    private final int maxGroup;
    /** How long the writer gathers after the first event ({@code event-group-linger-ms}). */
    private final Duration linger;
    private final LinkedBlockingQueue<OutboxEntry> queue = new LinkedBlockingQueue<>();
    /** Room events queued; events that change a row are not counted against the capacity. */
    private final AtomicInteger queuedRoomEvents = new AtomicInteger();
    private final ConcurrentLinkedQueue<Long> deletable = new ConcurrentLinkedQueue<>();
    /**
     * Held to hand an event over, to release held events, or to flip the relay to direct: never
     * across I/O (a send only appends to the producer's buffer: {@code max.block.ms} is 0).
     */
    private final Object gate = new Object();
    /** Events waiting for a change of their meeting to commit; guarded by {@link #gate}. */
    private final HeldEvents held = new HeldEvents();
    private final Object commits = new Object();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final RateLimitedLog refusalLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final RateLimitedLog writeLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final Thread writer;

    /** Sequence of the last event handed over; written under {@link #gate}. */
    private long handedOver;
    /** Sequence of the last event committed; written by the writer after {@link #committedThrough}. */
    private volatile long committedSequence;
    private volatile long committedThrough;
    private volatile boolean accepting = true;
    private volatile boolean running = true;

    public EventOutbox(DataSource database, String bootstrapServers, io.confab.storage.kafka.KafkaLogin login, OutboxConfig config) {
        this(database, () -> KafkaRelay.kafkaProducer(bootstrapServers, login, config.deliveryTimeout()), config);
    }

    /** The reference file's gathering and relay settings, with room for {@code capacity} room events. */
    EventOutbox(DataSource database, Supplier<Producer<String, byte[]>> producers, int capacity) {
        this(database, producers, new OutboxConfig(capacity, Duration.ofSeconds(120)));
    }

    EventOutbox(DataSource database, Supplier<Producer<String, byte[]>> producers, OutboxConfig config) {
        this.database = database;
        this.capacity = config.queueCapacity();
        this.maxGroup = config.groupRows();
        this.linger = config.groupLinger();
        this.relay = new KafkaRelay(database, producers, this, config.relayBatch());
        this.writer = new Thread(this::write, "outbox-writer");
        this.writer.setDaemon(true);
    }

    /** Starts the writer and the relay, which begins by recovering what a previous run left in the table. */
    public void start() {
        writer.start();
        relay.start();
    }

    @Override
    public void meetingEvent(MeetingEvent event, StateChange alongside) {
        byte[] payload = Codecs.MEETING_EVENTS.encode(event);
        boolean changesState = alongside != StateChange.NONE;
        synchronized (gate) {
            // Decided and sent under the gate: the writer releases held events under it too, so a
            // meeting's events reach the producer in the order they were handed over.
            KafkaRelay.Route route = relay.route();
            if (accepting && (changesState || queuedRoomEvents.get() < capacity)) {
                OutboxEntry entry = new OutboxEntry(event.getMeetingId(), event.getEventId(), payload, alongside, handedOver + 1);
                handedOver++;
                if (!changesState) {
                    queuedRoomEvents.incrementAndGet();
                }
                queue.add(entry);
                if (route != null && held.handOver(entry)) {
                    relay.sendDirect(entry, route);
                }
                return;
            }
            // Refused (queue full, or shutting down): not stored. A room event still goes to Kafka
            // when Kafka is up, behind its meeting's pending change; a change that is not stored is
            // never sent, or Kafka would hold a status PostgreSQL never had.
            OutboxEntry unstored = new OutboxEntry(event.getMeetingId(), event.getEventId(), payload, StateChange.NONE, 0);
            if (route != null && !changesState && held.handOver(unstored)) {
                relay.sendDirect(unstored, route);
            }
        }
        refused.incrementAndGet();
        refusalLog.error("meeting event " + event.getEventId() + " of meeting " + event.getMeetingId()
                + " not stored: " + (accepting ? capacity + " events already wait for PostgreSQL" : "shutting down")
                + (changesState ? " (not sent: its change is not stored)" : " (it still goes to Kafka when Kafka is up)"), null);
    }

    /**
     * For REST threads: the change and its event go into the writer's next group, the change under a
     * savepoint, and this returns once the group has committed. Handed over like any event, so
     * positions still grow in hand-over order (a second transaction inserting rows of its own could
     * commit a lower position after the relay had passed it).
     */
    @Override
    public void storeWithEvent(MeetingEvent event, StateChange change) throws SQLException {
        if (change == StateChange.NONE) {
            throw new IllegalArgumentException("storeWithEvent needs a change to store, event " + event.getEventId());
        }
        byte[] payload = Codecs.MEETING_EVENTS.encode(event);
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        synchronized (gate) {
            if (!accepting) {
                throw new SQLException("meeting event " + event.getEventId() + " not stored: realtime-core is shutting down");
            }
            OutboxEntry entry = new OutboxEntry(event.getMeetingId(), event.getEventId(), payload, change, handedOver + 1, outcome);
            handedOver++;
            queue.add(entry);
            if (relay.route() != null) {
                held.handOver(entry); // a change: it waits for its commit
            }
        }
        try {
            outcome.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            throw new SQLException("meeting " + event.getMeetingId() + ": the change failed", e.getCause());
        } catch (TimeoutException e) {
            throw new SQLException("meeting " + event.getMeetingId() + ": the change and its event were not committed within "
                    + REQUEST_TIMEOUT.toSeconds() + " s (they may still be)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for meeting " + event.getMeetingId() + "'s change to commit");
        }
    }

    @Override
    public void audit(AuditEntry entry) {
        relay.sendAudit(entry.getAccountId() == null ? "" : entry.getAccountId(), Codecs.AUDIT_LOG.encode(entry));
    }

    // ---- the writer thread ----

    private void write() {
        List<OutboxEntry> group = new ArrayList<>();
        List<Long> deletions = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                if (group.isEmpty()) {
                    gather(group);
                }
                takeDeletable(deletions);
                if (!group.isEmpty() || !deletions.isEmpty()) {
                    commit(group, deletions);
                    group.clear();
                    deletions.clear();
                }
            } catch (SQLException | RuntimeException e) {
                // The group stays and is tried again: a later event must not be stored before it.
                writeFailures.incrementAndGet();
                writeLog.error(group.isEmpty() ? "could not delete acknowledged outbox rows; retrying"
                        : "could not store " + group.size() + " meeting events in PostgreSQL; retrying", e);
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            takeDeletable(deletions);
            if (!deletions.isEmpty()) {
                commit(List.of(), deletions);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("acknowledged outbox rows stay until the next start (they are sent again then): {}", e.toString());
        }
    }

    /**
     * Waits up to 50 ms for a first event, then up to {@link #linger} for more: Kafka already has
     * them (the fast path), so a commit later by that much costs no delay, and fewer, larger
     * transactions cost the two cores PostgreSQL shares with everything else far less.
     */
    private void gather(List<OutboxEntry> group) throws InterruptedException {
        OutboxEntry first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        group.add(first);
        long until = System.nanoTime() + linger.toNanos();
        while (group.size() < maxGroup) {
            queue.drainTo(group, maxGroup - group.size());
            long left = until - System.nanoTime();
            if (left <= 0 || group.size() >= maxGroup) {
                return;
            }
            OutboxEntry next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            group.add(next);
        }
    }

    private void takeDeletable(List<Long> deletions) {
        for (Long position; deletions.size() < MAX_DELETIONS && (position = deletable.poll()) != null; ) {
            deletions.add(position);
        }
    }

    /**
     * One transaction: the group's state changes, its rows, and the deletion of rows Kafka has
     * acknowledged. Without a state change it commits with {@code synchronous_commit} off: the
     * events are on Kafka already or will be relayed, and only a crash of PostgreSQL itself within
     * its WAL writer's delay (3 x 200 ms by default) could lose such a group. A status change and its
     * event commit synchronously, as the status did before the outbox.
     */
    private void commit(List<OutboxEntry> group, List<Long> deletions) throws SQLException {
        Map<String, Long> positions = Map.of();
        // A REST change that failed, and why; forgotten if the whole transaction fails and is retried.
        Map<OutboxEntry, Exception> failed = new IdentityHashMap<>();
        boolean changesState = group.stream().anyMatch(OutboxEntry::changesState);
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!changesState) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET LOCAL synchronous_commit TO OFF");
                    }
                }
                for (OutboxEntry entry : group) {
                    if (entry.answersARequest()) {
                        applyAlone(connection, entry, failed);
                    } else if (entry.changesState()) {
                        entry.change().apply(connection);
                    }
                }
                List<OutboxEntry> rows = failed.isEmpty() ? group
                        : group.stream().filter(entry -> !failed.containsKey(entry)).toList();
                if (!rows.isEmpty()) {
                    positions = OutboxTable.append(connection, rows);
                }
                if (!deletions.isEmpty()) {
                    OutboxTable.delete(connection, deletions);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                Rollback.after(e, connection);
                // Auto-commit is not restored in a finally: on a broken connection that fails too and
                // would replace the cause. The connection is closed next, and the pool resets it.
                throw e;
            }
            connection.setAutoCommit(true);
        }
        if (group.isEmpty()) {
            return;
        }
        long last = committedThrough;
        int roomEvents = 0;
        for (OutboxEntry entry : group) {
            if (!entry.changesState()) {
                roomEvents++;
            }
            if (failed.containsKey(entry)) {
                continue;
            }
            long position = positions.get(entry.eventId());
            last = Math.max(last, position);
            if (entry.stored(position)) {
                deletable.add(position);
            }
        }
        queuedRoomEvents.addAndGet(-roomEvents);
        stored.addAndGet(group.size() - failed.size());
        long through = group.get(group.size() - 1).sequence();
        synchronized (gate) {
            // Before committedSequence moves: the relay flips to direct only when that has caught up
            // with every hand-over, so by then nothing waits here. While it recovers (no route) it
            // sends these rows itself, in position order.
            KafkaRelay.Route route = relay.route();
            for (OutboxEntry entry : held.committed(through)) {
                if (route != null && !failed.containsKey(entry)) {
                    relay.sendDirect(entry, route);
                }
            }
        }
        // After the sends: a request answered has its event on the producer already.
        for (OutboxEntry entry : group) {
            if (entry.answersARequest()) {
                entry.answer(failed.get(entry));
            }
        }
        committedThrough = last;
        synchronized (commits) {
            committedSequence = through;
            commits.notifyAll();
        }
        relay.wake();
    }

    /**
     * A request's change under a savepoint: if it fails (a constraint, an id taken), only it and its
     * event are undone, and the request is told; the group and the outbox go on.
     */
    static void applyAlone(Connection connection, OutboxEntry entry, Map<OutboxEntry, Exception> failed)
            throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            entry.change().apply(connection);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException | RuntimeException rollbackFailure) {
                // A savepoint that cannot be rolled back to means the connection is gone: the group is
                // retried, and the log says why the change failed first, then why the rollback did.
                e.addSuppressed(rollbackFailure);
                throw e;
            }
            failed.put(entry, e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    // ---- what the relay asks ----

    @Override
    public boolean flipIfNothingAfter(long position, Runnable flip) {
        synchronized (gate) {
            if (committedSequence == handedOver && committedThrough <= position) {
                flip.run();
                return true;
            }
            return false;
        }
    }

    @Override
    public void deletable(long position) {
        deletable.add(position);
    }

    @Override
    public boolean flush(Duration timeout) {
        long target;
        synchronized (gate) {
            target = handedOver;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (commits) {
            while (committedSequence < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(commits, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    // ---- counters ----

    /** Events refused because the queue was full (or at shutdown): not stored, sent to Kafka only if it was up. */
    public long refused() {
        return refused.get();
    }

    /** Events committed to the outbox table. */
    public long stored() {
        return stored.get();
    }

    /** Transactions that failed and were retried. */
    public long writeFailures() {
        return writeFailures.get();
    }

    /** Rows sent again from the table (start-up, after an outage) and acknowledged. */
    public long relayed() {
        return relay.relayed();
    }

    /** Sends Kafka refused or timed out; each one switches the relay to recovering. */
    public long publishFailures() {
        return relay.failures();
    }

    /** Whether events go to Kafka directly (true) or the relay is recovering from the table. */
    public boolean direct() {
        return relay.isDirect();
    }

    /** Events handed over and not yet committed. */
    public int waiting() {
        return queue.size();
    }

    /**
     * Stores what was handed over (up to 10 s), lets Kafka acknowledge what is in flight (up to 5 s)
     * and deletes those rows. What is not acknowledged by then stays in the table for the next start.
     */
    @Override
    public void close() {
        accepting = false;
        if (!flush(Duration.ofSeconds(10))) {
            LOG.warn("{} meeting events were not stored before shutdown", queue.size());
        }
        relay.close();
        running = false;
        try {
            writer.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
