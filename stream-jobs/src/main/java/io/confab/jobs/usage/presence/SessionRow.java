package io.confab.jobs.usage.presence;

/**
 * One row of Cassandra {@code participant_sessions_by_meeting}: a person's merged presences in a
 * meeting (USAGE.md "Participant presence and sessions"). {@code leftAt} is null while a presence
 * of the session is still open.
 */
public record SessionRow(String meetingId, long joinedAt, String participantId, String accountId, String userId,
                         String displayName, String role, String client, Long leftAt, String leaveReason) {

    /** The row's primary key within its meeting: rows with equal keys overwrite each other. */
    public String key() {
        return joinedAt + "|" + participantId;
    }
}
