package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.confab.jobs.usage.presence.SessionRow;
import io.confab.jobs.usage.presence.SessionTable;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Session rows in Cassandra {@code participant_sessions_by_meeting}, given by the {@link SessionOutbox}
 * once per commit and sent when it waits for them, a meeting's rows (one partition) together in
 * unlogged batches ({@link PartitionBatches}). Writes go out asynchronously, at most {@link #IN_FLIGHT} at a time (a synchronous
 * round trip per row would cap the meter at a few hundred rows a second); a write that fails is
 * tried again after a pause ({@link WriteAttempts}); {@link #awaitWritten} waits for them all and fails the
 * commit if one did not make it. The outbox gives each row key at most once per commit and waits
 * between commits, so two writes of one row are never in flight together.
 */
public final class CassandraSessionTable implements SessionTable {

    static final int IN_FLIGHT = 256;

    private final WriteAttempts attempts;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    /** This commit's rows by meeting (the table's partition), sent in {@link #awaitWritten}. */
    private final PartitionBatches pending = new PartitionBatches();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    public CassandraSessionTable(CqlSession session) {
        this.attempts = new WriteAttempts(session::executeAsync);
        this.upsert = session.prepare("INSERT INTO confab.participant_sessions_by_meeting (meeting_id, joined_at, participant_id, "
                + "account_id, user_id, display_name, role, client, left_at, leave_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.delete = session.prepare("DELETE FROM confab.participant_sessions_by_meeting WHERE meeting_id = ? AND joined_at = ? "
                + "AND participant_id = ?");
    }

    @Override
    public void upsert(SessionRow row) {
        pending.add(row.meetingId(), upsert.boundStatementBuilder()
                .setBytesUnsafe(0, CqlValues.text(row.meetingId()))
                .setBytesUnsafe(1, CqlValues.timestamp(row.joinedAt()))
                .setBytesUnsafe(2, CqlValues.text(row.participantId()))
                .setBytesUnsafe(3, CqlValues.text(row.accountId()))
                .setBytesUnsafe(4, CqlValues.text(row.userId()))
                .setBytesUnsafe(5, CqlValues.text(row.displayName()))
                .setBytesUnsafe(6, CqlValues.text(row.role()))
                .setBytesUnsafe(7, CqlValues.text(row.client()))
                .setBytesUnsafe(8, CqlValues.timestamp(row.leftAt()))
                .setBytesUnsafe(9, CqlValues.text(row.leaveReason()))
                .build());
    }

    @Override
    public void delete(SessionRow row) {
        pending.add(row.meetingId(), delete.boundStatementBuilder()
                .setBytesUnsafe(0, CqlValues.text(row.meetingId()))
                .setBytesUnsafe(1, CqlValues.timestamp(row.joinedAt()))
                .setBytesUnsafe(2, CqlValues.text(row.participantId()))
                .build());
    }

    @Override
    public void awaitWritten() {
        for (Statement<?> statement : pending.drain()) {
            send(statement);
        }
        inFlight.acquireUninterruptibly(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
        Throwable failure = firstFailure.getAndSet(null);
        if (failure != null) {
            throw new IllegalStateException("session rows were not written to Cassandra participant_sessions_by_meeting after "
                    + WriteAttempts.SCHEDULE.attempts() + " attempts (" + failures.get() + " failed so far): " + failure, failure);
        }
    }

    private void send(Statement<?> statement) {
        inFlight.acquireUninterruptibly();
        attempts.send(statement, error -> {
            if (error == null) {
                written.addAndGet(PartitionBatches.rows(statement));
            } else {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            }
            inFlight.release();
        });
    }

    /** Session rows written (upserts and deletes). */
    public long written() {
        return written.get();
    }

    /** Session row writes that failed every attempt (each failed its commit). */
    public long failures() {
        return failures.get();
    }
}
