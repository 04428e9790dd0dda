package io.confab.core.meetings;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a recurring meeting repeats, modelled on the iCalendar RRULE (RFC 5545 section 3.3.10):
 * a frequency (DAILY, WEEKLY on a set of days, MONTHLY on a day of the month), an INTERVAL, and
 * an end, either UNTIL a date or a COUNT of occurrences.
 *
 * <p>Occurrences are computed on the wall clock of the meeting's time zone, then turned into
 * instants. So a weekly 09:00 America/New_York meeting stays at 09:00 local across the daylight
 * saving changes and its UTC instant moves by an hour. Turning a local time into an instant follows
 * RFC 5545 section 3.3.5 and {@link ZonedDateTime#of}: a time in a spring-forward gap (02:30 when
 * clocks jump from 02:00 to 03:00) is read with the offset before the gap, so it moves forward by
 * the gap (to 03:30); a time that occurs twice in the autumn overlap takes the earlier offset (the
 * first 01:30). The duration is elapsed time: a 60-minute meeting lasts 60 minutes even when the
 * clocks change during it.
 *
 * <p>A series has at most {@link #MAX_OCCURRENCES}; expansion stops there whatever the end says.
 */
public record Recurrence(Frequency frequency, int interval, End end) {

    public static final int MAX_OCCURRENCES = 500;
    /** Bounds the span of a series (500 occurrences 99 months apart is about 4,000 years). */
    public static final int MAX_INTERVAL = 99;

    public sealed interface Frequency permits Daily, Weekly, Monthly {}

    public record Daily() implements Frequency {}

    /** On the given days of every interval-th week; weeks start on Monday (RFC 5545 WKST=MO). */
    public record Weekly(Set<DayOfWeek> days) implements Frequency {
        public Weekly {
            Objects.requireNonNull(days, "days");
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly recurrence needs at least one day of the week");
            }
            days = Set.copyOf(days);
        }
    }

    /**
     * On this day of every interval-th month. In a month without that day the meeting falls on the
     * month's last day (the 31st becomes the 30th, or the 28th or 29th in February), as in
     * calendar apps; RFC 5545's BYMONTHDAY would skip the month instead, which surprises people.
     */
    public record Monthly(int dayOfMonth) implements Frequency {
        public Monthly {
            if (dayOfMonth < 1 || dayOfMonth > 31) {
                throw new IllegalArgumentException("day of month must be 1..31, was " + dayOfMonth);
            }
        }
    }

    public sealed interface End permits Until, Count {}

    /** No occurrence on a later local date than this one; an occurrence on it is included. */
    public record Until(LocalDate lastDate) implements End {
        public Until {
            Objects.requireNonNull(lastDate, "lastDate");
        }
    }

    public record Count(int occurrences) implements End {
        public Count {
            if (occurrences < 1 || occurrences > MAX_OCCURRENCES) {
                throw new IllegalArgumentException(
                        "count must be 1.." + MAX_OCCURRENCES + ", was " + occurrences);
            }
        }
    }

    public Recurrence {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(end, "end");
        if (interval < 1 || interval > MAX_INTERVAL) {
            throw new IllegalArgumentException("interval must be 1.." + MAX_INTERVAL + ", was " + interval);
        }
    }

    public static Recurrence daily(int interval, End end) {
        return new Recurrence(new Daily(), interval, end);
    }

    public static Recurrence weekly(int interval, Set<DayOfWeek> days, End end) {
        return new Recurrence(new Weekly(days), interval, end);
    }

    public static Recurrence monthly(int interval, int dayOfMonth, End end) {
        return new Recurrence(new Monthly(dayOfMonth), interval, end);
    }

    /**
     * The first {@code limit} occurrences of the series that starts on the date of
     * {@code firstStartLocal} (or the first matching day after it) at its time of day.
     */
    public List<Occurrence> occurrences(LocalDateTime firstStartLocal, ZoneId zone, Duration duration, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        return expand(firstStartLocal, zone, duration).limit(limit).collect(Collectors.toList());
    }

    /** The occurrences of which any part lies in [from, to). */
    public List<Occurrence> between(
            LocalDateTime firstStartLocal, ZoneId zone, Duration duration, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        return expand(firstStartLocal, zone, duration)
                .takeWhile(occurrence -> occurrence.start().isBefore(to))
                .filter(occurrence -> occurrence.overlaps(from, to))
                .collect(Collectors.toList());
    }

    private Stream<Occurrence> expand(LocalDateTime firstStartLocal, ZoneId zone, Duration duration) {
        Objects.requireNonNull(firstStartLocal, "firstStartLocal");
        Objects.requireNonNull(zone, "zone");
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        LocalTime timeOfDay = firstStartLocal.toLocalTime();
        AtomicInteger index = new AtomicInteger();
        return dates(firstStartLocal.toLocalDate()).limit(MAX_OCCURRENCES).map(date -> {
            Instant start = ZonedDateTime.of(date, timeOfDay, zone).toInstant();
            return new Occurrence(start, start.plus(duration), index.getAndIncrement());
        });
    }

    /**
     * The local dates of the series, in order, without the {@link #MAX_OCCURRENCES} cap (so a
     * request can be told its end date is too far); finite because every series has an end.
     */
    Stream<LocalDate> dates(LocalDate first) {
        Stream<LocalDate> candidates;
        if (frequency instanceof Weekly weekly) {
            List<DayOfWeek> days = EnumSet.copyOf(weekly.days()).stream().toList();
            candidates = Stream.iterate(
                            first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                            monday -> monday.plusWeeks(interval))
                    .flatMap(monday -> days.stream().map(day -> monday.plusDays(day.ordinal())));
        } else if (frequency instanceof Monthly monthly) {
            candidates = Stream.iterate(YearMonth.from(first), month -> month.plusMonths(interval))
                    .map(month -> month.atDay(Math.min(monthly.dayOfMonth(), month.lengthOfMonth())));
        } else {
            candidates = Stream.iterate(first, day -> day.plusDays(interval));
        }
        Stream<LocalDate> series = candidates.filter(date -> !date.isBefore(first));
        if (end instanceof Until until) {
            series = series.takeWhile(date -> !date.isAfter(until.lastDate()));
        } else {
            series = series.limit(((Count) end).occurrences());
        }
        return series;
    }
}
