package io.confab.jobs.usage.presence;

/**
 * One row of Cassandra {@code participant_sessions_by_meeting}: a person's merged presences in a
 * meeting (USAGE.md "Participant presence and sessions"). {@code leftAt} is null while a presence
 * of the session is still open.
 */
public record SessionRow(String meetingId, long joinedAt, String participantId, String accountId, String userId,
                         String displayName, String role, String client, Long leftAt, String leaveReason) {

    /** The row's primary key within its meeting: rows with equal keys overwrite each other. */
    public Key key() {
        return new Key(joinedAt, participantId);
    }

    /**
     * A row's primary key within its meeting (its first join's time and participant). A record, not
     * the two joined as text: the fold looks rows up by key several times per event, and formatting
     * the time into a new string each time was 3-4 % of the stream thread (stream-jobs/README.md).
     */
    public record Key(long joinedAt, String participantId) {

        /** The key in its old text form, "joinedAt|participantId", as the JSON ledgers of meters before state version 1 have it. */
        @Override
        public String toString() {
            return joinedAt + "|" + participantId;
        }

        /** The key of {@link #toString}'s text (Jackson reads a map key with it). */
        static Key valueOf(String text) {
            int bar = text.indexOf('|');
            if (bar < 1) {
                throw new IllegalArgumentException("a session row key \"" + text + "\" is not joinedAt|participantId");
            }
            return new Key(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
        }
    }
}
