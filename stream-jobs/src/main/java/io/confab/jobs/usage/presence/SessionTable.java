package io.confab.jobs.usage.presence;

/**
 * Where session rows go (Cassandra {@code participant_sessions_by_meeting}). Every write carries the
 * whole row under its primary key, so writing the same row again after a crash changes nothing.
 * Writes may complete asynchronously; {@link #awaitWritten} is the point where they must have.
 */
public interface SessionTable {

    void upsert(SessionRow row);

    void delete(SessionRow row);

    /**
     * Returns once every write given so far is stored, and throws if one of them failed (the commit
     * that called it then fails, and the rows come again). A table that writes synchronously has
     * nothing to wait for.
     */
    default void awaitWritten() {
    }
}
