package io.confab.batch.warehouse.rows;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/** The UTC days an export writes, both ends included. */
public record DateRange(LocalDate from, LocalDate to) implements Serializable {

    /** A backfill longer than this is almost certainly a typo (a year for a month); topics keep 35 days at most. */
    public static final int MAX_DAYS = 366;

    public DateRange {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a date range needs both --from and --to");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (from.datesUntil(to.plusDays(1)).count() > MAX_DAYS) {
            throw new IllegalArgumentException("--from " + from + " --to " + to + " spans more than " + MAX_DAYS + " days");
        }
    }

    public static DateRange day(LocalDate day) {
        return new DateRange(day, day);
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }

    @Override
    public String toString() {
        return from.equals(to) ? from.toString() : from + ".." + to;
    }
}
