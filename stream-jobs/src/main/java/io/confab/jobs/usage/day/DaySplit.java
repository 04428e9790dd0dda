package io.confab.jobs.usage.day;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a span of time at 00:00 UTC (USAGE.md: "anything that spans midnight is split at 00:00 UTC
 * and each part counted on its own day"). Times are epoch milliseconds; spans are [start, end).
 */
public final class DaySplit {

    public static final long DAY_MS = 86_400_000L;

    private DaySplit() {
    }

    /** One day's part of a span: [start, end) within the UTC day that begins at {@code day}. */
    public record Piece(long day, long start, long end) {
        public long millis() {
            return end - start;
        }
    }

    /** The UTC day (its first millisecond) that {@code instant} falls on. */
    public static long dayOf(long instant) {
        return Math.floorDiv(instant, DAY_MS) * DAY_MS;
    }

    /** The non-empty parts of [start, end), one per UTC day, in order; nothing when end <= start. */
    public static List<Piece> pieces(long start, long end) {
        List<Piece> pieces = new ArrayList<>();
        for (long day = dayOf(start); day < end; day += DAY_MS) {
            long from = Math.max(start, day);
            long to = Math.min(end, day + DAY_MS);
            if (to > from) {
                pieces.add(new Piece(day, from, to));
            }
        }
        return pieces;
    }
}
