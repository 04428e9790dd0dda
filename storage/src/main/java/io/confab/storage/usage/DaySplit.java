package io.confab.storage.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * USAGE.md's day rule: "anything that spans midnight is split at 00:00 UTC and each part counted on
 * its own day". One implementation for the streaming meter and the monthly billing run, since their
 * totals must reconcile to the second. Spans are [start, end).
 */
public final class DaySplit {

    public static final long DAY_MS = 86_400_000L;

    private DaySplit() {
    }

    /** One day's part of a span: [start, end) in epoch milliseconds within the UTC day that begins at {@code day}. */
    public record Piece(long day, long start, long end) {
        public long millis() {
            return end - start;
        }
    }

    /** The UTC day (its first epoch millisecond) that {@code instant} (epoch milliseconds) falls on. */
    public static long dayOf(long instant) {
        return Math.floorDiv(instant, DAY_MS) * DAY_MS;
    }

    /** The UTC date {@code instant} falls on. */
    public static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The non-empty parts of [start, end) in epoch milliseconds, one per UTC day, in order; nothing when end <= start. */
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

    /** Milliseconds of [{@code start}, {@code end}) on each UTC date it touches, in date order. */
    public static Map<LocalDate, Long> of(Instant start, Instant end) {
        Map<LocalDate, Long> days = new LinkedHashMap<>();
        for (Piece piece : pieces(start.toEpochMilli(), end.toEpochMilli())) {
            days.put(LocalDate.ofEpochDay(Math.floorDiv(piece.day(), DAY_MS)), piece.millis());
        }
        return days;
    }
}
