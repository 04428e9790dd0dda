package io.confab.jobs.usage.intake;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * USAGE.md's limits on the time of a fact: not more than {@code usage.max-skew} after the newest
 * event time seen so far (or after the meter's clock, whichever is later: the first record a
 * fresh meter reads has nothing before it), and not before the start of the month before the
 * current one.
 */
public record TimeRules(Duration maxSkew) {

    /** Why {@code occurredAt} is refused, or null when it is metered. */
    public String problem(long occurredAt, long newestSeen, long wallClockMillis) {
        long reference = Math.max(newestSeen, wallClockMillis);
        if (occurredAt > reference + maxSkew.toMillis()) {
            return "event time " + Instant.ofEpochMilli(occurredAt) + " is more than usage.max-skew (" + maxSkew
                    + ") after the newest event time seen " + Instant.ofEpochMilli(reference);
        }
        long oldest = oldestMetered(wallClockMillis);
        if (occurredAt < oldest) {
            return "event time " + Instant.ofEpochMilli(occurredAt) + " is before " + Instant.ofEpochMilli(oldest)
                    + ", the start of the month before the current one";
        }
        return null;
    }

    /** The first instant still metered: 00:00 UTC on the first day of the previous month. */
    public static long oldestMetered(Instant wallClock) {
        return oldestMetered(wallClock.toEpochMilli());
    }

    /**
     * {@link #oldestMetered(Instant)} of an epoch millisecond. Asked once per event, and the answer
     * changes once a day: the last day's answer is kept (a date computed per event was 3 % of the
     * stream thread's allocation).
     */
    public static long oldestMetered(long wallClockMillis) {
        long day = Math.floorDiv(wallClockMillis, DAY);
        OldestOfDay last = lastAsked;
        if (last == null || last.day() != day) {
            LocalDate today = LocalDate.ofEpochDay(day);
            last = new OldestOfDay(day, today.withDayOfMonth(1).minusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            // Racing threads write equal answers: the holder is immutable, so no lock.
            lastAsked = last;
        }
        return last.oldest();
    }

    private static final long DAY = 86_400_000L;
    private static volatile OldestOfDay lastAsked;

    private record OldestOfDay(long day, long oldest) {
    }
}
