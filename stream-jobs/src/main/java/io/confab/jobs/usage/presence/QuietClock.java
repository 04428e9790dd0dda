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
 *
 * <p>Running time starts at the wall time of the first event or tick after the task is set up
 * ({@link #restart}), not at the set-up: Kafka Streams gives a processor the wall time of the record
 * or punctuation it runs, and during the set-up only what its context last held, 0 for a new task.
 * Started there, running time began at 0 on every start of the meter, while the ledgers it restored
 * kept their touches from the process before: a meeting touched after an hour of the old process was
 * not quiet before an hour of the new one, so a presence open at a restart did not time out for as
 * long as the meter had run before it (UsageMeteringTest's SIGKILL month failed so, now and then).
 */
final class QuietClock {

    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final long quiet;
    private final long longestStep;
    private long running;
    private long lastTickWall;
    private long startedAt = NOT_STARTED;
    // All set by start(), at the first event or tick after each task set-up.
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

    /** The task is set up (again): running time starts at the wall time of its first event or tick. */
    void restart() {
        startedAt = NOT_STARTED;
    }

    /** Running time starts at wall time {@code wall}, and nothing counts as quiet for {@code quiet}. */
    void start(long wall) {
        running = wall;
        lastTickWall = wall;
        startedAt = wall;
        lastProcessedAt = Long.MIN_VALUE;
        bucket = Long.MIN_VALUE;
        newestInBucket = Long.MIN_VALUE;
        newestInBucketBefore = Long.MIN_VALUE;
    }

    /**
     * A tick at wall time {@code wall}: running time moves on by the wall time since the last tick, at
     * most two tick intervals (the first tick after a set-up starts it).
     */
    void tick(long wall) {
        if (startedAtFirst(wall)) {
            return;
        }
        running += Math.max(0, Math.min(wall - lastTickWall, longestStep));
        lastTickWall = wall;
    }

    /**
     * Running time now, the fold's wall time being {@code wall} (the first event after a set-up starts
     * it): what a ledger records as its last touch. Never ahead of the wall clock.
     */
    long running(long wall) {
        startedAtFirst(wall);
        return running;
    }

    /** Starts running time at {@code wall} if nothing has since the set-up; true if it did. */
    private boolean startedAtFirst(long wall) {
        if (startedAt != NOT_STARTED) {
            return false;
        }
        start(wall);
        return true;
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

    /** Whether any meeting can be quiet now: not within {@code quiet} of the start, when none is. */
    boolean pastStart() {
        return startedAt != NOT_STARTED && running >= startedAt + quiet;
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
