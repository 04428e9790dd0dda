package io.confab.jobs.usage.presence;

/**
 * When a meeting counts as quiet (USAGE.md's {@code usage.quiet}), and which event time a quiet
 * meeting then moves on. One per fold, touched only by the stream thread.
 *
 * <p>Quiet is measured in <em>running time</em>: wall time that passed while the task ran, advanced
 * at each tick by at most two tick intervals. A pause of the whole task (a restore, a commit that
 * waits on Cassandra, a long collection, the process restarted) is not silence: every meeting's next
 * events may still be waiting in the partition. Measured in wall time, such a pause made meetings
 * "quiet" in the middle of their own events.
 *
 * <p>A quiet meeting moves on the <em>stream's present</em>: the newest event time among the events
 * the fold processed in the last {@code quiet} or so of running time, or, when it processed none in
 * that time (the topic is idle), the task's newest event time ever. A month replayed into a topic
 * whose clock is already today (a backfill after live traffic) is then settled at the replay's own
 * time while the replay flows; settled at today, a meeting whose next events were still unread
 * expired at once and lost what those events would have added to it (its run without its start).
 */
final class QuietClock {

    private final long quiet;
    private final long longestStep;
    private long running;
    private long lastTickWall;
    private long startedAt;
    // All set by start(), which every task set-up calls before the first event or tick.
    private long lastProcessedAt;
    /** Newest event time processed in the running-time bucket {@code bucket} ({@code quiet} long), and in the one before. */
    private long bucket;
    private long newestInBucket;
    private long newestInBucketBefore;

    /** {@code quiet} and {@code tickEvery} in milliseconds. */
    QuietClock(long quiet, long tickEvery) {
        if (quiet <= 0 || tickEvery <= 0) {
            throw new IllegalArgumentException("quiet and tick must be positive, not " + quiet + " and " + tickEvery);
        }
        this.quiet = quiet;
        this.longestStep = 2 * tickEvery;
    }

    /** The task is set up (again) at wall time {@code wall}: running time starts there, and nothing counts as quiet for {@code quiet}. */
    void start(long wall) {
        running = wall;
        lastTickWall = wall;
        startedAt = wall;
        lastProcessedAt = Long.MIN_VALUE;
        bucket = Long.MIN_VALUE;
        newestInBucket = Long.MIN_VALUE;
        newestInBucketBefore = Long.MIN_VALUE;
    }

    /** A tick at wall time {@code wall}: running time moves on by the wall time since the last tick, at most two tick intervals. */
    void tick(long wall) {
        running += Math.max(0, Math.min(wall - lastTickWall, longestStep));
        lastTickWall = wall;
    }

    /** Running time now: what a ledger records as its last touch. Never ahead of the wall clock. */
    long running() {
        return running;
    }

    /** The fold processed an event of event time {@code eventAt}. */
    void processed(long eventAt) {
        long now = running / quiet;
        if (now != bucket) {
            newestInBucketBefore = now == bucket + 1 ? newestInBucket : Long.MIN_VALUE;
            newestInBucket = Long.MIN_VALUE;
            bucket = now;
        }
        newestInBucket = Math.max(newestInBucket, eventAt);
        lastProcessedAt = running;
    }

    /** Whether a meeting last touched at running time {@code touched} is quiet now (never within {@code quiet} of the start). */
    boolean quiet(long touched) {
        return running >= Math.max(touched, startedAt) + quiet;
    }

    /** The event time quiet meetings move on: the stream's present while events flow, else {@code newest}. */
    long present(long newest) {
        if (lastProcessedAt == Long.MIN_VALUE || running - lastProcessedAt >= quiet) {
            return newest;
        }
        long now = running / quiet;
        long recent = now == bucket ? Math.max(newestInBucket, newestInBucketBefore)
                : now == bucket + 1 ? newestInBucket : Long.MIN_VALUE;
        return recent == Long.MIN_VALUE ? newest : Math.min(recent, newest);
    }
}
