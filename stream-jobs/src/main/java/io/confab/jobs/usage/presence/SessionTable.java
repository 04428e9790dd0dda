package io.confab.jobs.usage.presence;

/**
 * Where session rows go (Cassandra {@code participant_sessions_by_meeting}). Every write carries the
 * whole row under its primary key, so writing the same row again after a crash changes nothing.
 */
public interface SessionTable {

    void upsert(SessionRow row);

    void delete(SessionRow row);

    SessionTable NONE = new SessionTable() {
        @Override
        public void upsert(SessionRow row) {
        }

        @Override
        public void delete(SessionRow row) {
        }
    };
}
