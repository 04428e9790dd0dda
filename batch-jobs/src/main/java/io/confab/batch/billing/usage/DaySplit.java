package io.confab.batch.billing.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** USAGE.md: anything that spans midnight is split at 00:00 UTC, each part counted on its own day. */
public final class DaySplit {

    private DaySplit() {
    }

    /** Milliseconds of [{@code start}, {@code end}) on each UTC day it touches, in day order. */
    public static Map<LocalDate, Long> of(Instant start, Instant end) {
        Map<LocalDate, Long> days = new LinkedHashMap<>();
        Instant from = start;
        while (from.isBefore(end)) {
            LocalDate day = dayOf(from);
            Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = end.isBefore(midnight) ? end : midnight;
            days.merge(day, to.toEpochMilli() - from.toEpochMilli(), Long::sum);
            from = to;
        }
        return days;
    }

    public static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
