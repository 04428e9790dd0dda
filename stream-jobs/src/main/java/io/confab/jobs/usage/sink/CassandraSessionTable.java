package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.confab.jobs.usage.presence.SessionRow;
import io.confab.jobs.usage.presence.SessionTable;

import java.time.Instant;

/**
 * Session rows in Cassandra {@code participant_sessions_by_meeting}, written in place by the fold.
 * After a crash the fold's state is restored to its last commit and the same inputs give the same
 * rows again, so the table ends where it would have.
 *
 * <p>Writes are asynchronous (a synchronous round trip per event would cap the meter at a few
 * hundred events a second) with at most {@link #IN_FLIGHT} outstanding. Two writes of one row may
 * arrive out of order; the driver's client-side timestamps (monotonic per session) make the later
 * write win anyway.
 */
public final class CassandraSessionTable implements SessionTable {

    private final CqlSession session;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;
    static final int IN_FLIGHT = 256;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT);
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    public CassandraSessionTable(CqlSession session) {
        this.session = session;
        this.upsert = session.prepare("INSERT INTO confab.participant_sessions_by_meeting (meeting_id, joined_at, participant_id, "
                + "account_id, user_id, display_name, role, client, left_at, leave_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.delete = session.prepare("DELETE FROM confab.participant_sessions_by_meeting WHERE meeting_id = ? AND joined_at = ? "
                + "AND participant_id = ?");
    }

    @Override
    public void upsert(SessionRow row) {
        send(upsert.bind(row.meetingId(), Instant.ofEpochMilli(row.joinedAt()), row.participantId(), row.accountId(),
                row.userId(), row.displayName(), row.role(), row.client(),
                row.leftAt() == null ? null : Instant.ofEpochMilli(row.leftAt()), row.leaveReason()));
    }

    @Override
    public void delete(SessionRow row) {
        send(delete.bind(row.meetingId(), Instant.ofEpochMilli(row.joinedAt()), row.participantId()));
    }

    private void send(com.datastax.oss.driver.api.core.cql.Statement<?> statement) {
        inFlight.acquireUninterruptibly();
        session.executeAsync(statement).whenComplete((result, error) -> {
            inFlight.release();
            if (error != null && failures.incrementAndGet() % 100 == 1) {
                System.err.println("usage meter: a session row write failed (" + failures.get() + " so far): " + error);
            }
        });
    }

    /** Session row writes that failed (the row is rewritten at its next change or replay). */
    public long failures() {
        return failures.get();
    }
}
