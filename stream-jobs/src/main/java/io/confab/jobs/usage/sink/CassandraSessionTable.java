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
 */
public final class CassandraSessionTable implements SessionTable {

    private final CqlSession session;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;

    public CassandraSessionTable(CqlSession session) {
        this.session = session;
        this.upsert = session.prepare("INSERT INTO confab.participant_sessions_by_meeting (meeting_id, joined_at, participant_id, "
                + "account_id, user_id, display_name, role, client, left_at, leave_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.delete = session.prepare("DELETE FROM confab.participant_sessions_by_meeting WHERE meeting_id = ? AND joined_at = ? "
                + "AND participant_id = ?");
    }

    @Override
    public void upsert(SessionRow row) {
        session.execute(upsert.bind(row.meetingId(), Instant.ofEpochMilli(row.joinedAt()), row.participantId(), row.accountId(),
                row.userId(), row.displayName(), row.role(), row.client(),
                row.leftAt() == null ? null : Instant.ofEpochMilli(row.leftAt()), row.leaveReason()));
    }

    @Override
    public void delete(SessionRow row) {
        session.execute(delete.bind(row.meetingId(), Instant.ofEpochMilli(row.joinedAt()), row.participantId()));
    }
}
