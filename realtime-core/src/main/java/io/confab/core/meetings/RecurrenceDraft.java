package io.confab.core.meetings;

import io.confab.core.accounts.FieldError;
import io.confab.core.accounts.Validated;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code recurrence} object of a create or update request, as sent. It is replaced as a whole
 * on update, never merged field by field, so an update cannot leave a mix of two rules.
 *
 * @param type DAILY, WEEKLY or MONTHLY
 * @param interval every n-th day, week or month; 1 when left out
 * @param daysOfWeek WEEKLY only, e.g. ["MONDAY", "wed"]; the first meeting's weekday when left out
 * @param dayOfMonth MONTHLY only, 1-31; the first meeting's day of month when left out
 * @param endDate last date (inclusive) as YYYY-MM-DD; exactly one of endDate and count is given
 * @param count number of occurrences, 1-500
 */
public record RecurrenceDraft(
        String type,
        Integer interval,
        List<String> daysOfWeek,
        Integer dayOfMonth,
        String endDate,
        Integer count) {

    static final String FIELD = "recurrence";
    private static final String PREFIX = FIELD + ".";

    /** Checks every field against a series whose first meeting is on {@code firstDate}. */
    public Validated<Recurrence> validate(LocalDate firstDate) {
        List<FieldError> errors = new ArrayList<>();
        String kind = type == null ? null : type.strip().toUpperCase(Locale.ROOT);
        if (kind == null) {
            errors.add(new FieldError(PREFIX + "type", "is required: DAILY, WEEKLY or MONTHLY"));
        } else if (!List.of("DAILY", "WEEKLY", "MONTHLY").contains(kind)) {
            errors.add(new FieldError(PREFIX + "type", "must be DAILY, WEEKLY or MONTHLY, was " + type));
            kind = null;
        }
        int every = interval == null ? 1 : interval;
        if (every < 1 || every > Recurrence.MAX_INTERVAL) {
            errors.add(new FieldError(PREFIX + "interval", "must be 1-" + Recurrence.MAX_INTERVAL + ", was " + every));
        }
        Set<DayOfWeek> days = days(kind, firstDate, errors);
        int monthDay = dayOfMonth(kind, firstDate, errors);
        Recurrence.End end = end(firstDate, errors);
        if (!errors.isEmpty()) {
            return Validated.rejected(errors);
        }
        Recurrence.Frequency frequency = switch (kind) {
            case "WEEKLY" -> new Recurrence.Weekly(days);
            case "MONTHLY" -> new Recurrence.Monthly(monthDay);
            default -> new Recurrence.Daily();
        };
        return Validated.accepted(new Recurrence(frequency, every, end));
    }

    private Set<DayOfWeek> days(String kind, LocalDate firstDate, List<FieldError> errors) {
        String field = PREFIX + "days_of_week";
        if (daysOfWeek == null) {
            return Set.of(firstDate.getDayOfWeek());
        }
        if (kind != null && !"WEEKLY".equals(kind)) {
            errors.add(new FieldError(field, "only a WEEKLY recurrence has days of the week"));
            return Set.of();
        }
        if (daysOfWeek.isEmpty()) {
            errors.add(new FieldError(field,
                    "must name at least one day, or be left out for the first meeting's weekday"));
            return Set.of();
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : daysOfWeek) {
            DayOfWeek day = dayNamed(name);
            if (day == null) {
                errors.add(new FieldError(field,
                        "'" + name + "' is not a day of the week (MONDAY or MON ... SUNDAY or SUN)"));
            } else {
                days.add(day);
            }
        }
        return days;
    }

    private static DayOfWeek dayNamed(String name) {
        String upper = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || (upper.length() == 3 && day.name().startsWith(upper))) {
                return day;
            }
        }
        return null;
    }

    private int dayOfMonth(String kind, LocalDate firstDate, List<FieldError> errors) {
        String field = PREFIX + "day_of_month";
        if (dayOfMonth == null) {
            return firstDate.getDayOfMonth();
        }
        if (kind != null && !"MONTHLY".equals(kind)) {
            errors.add(new FieldError(field, "only a MONTHLY recurrence has a day of the month"));
        } else if (dayOfMonth < 1 || dayOfMonth > 31) {
            errors.add(new FieldError(field, "must be 1-31, was " + dayOfMonth));
        }
        return dayOfMonth;
    }

    private Recurrence.End end(LocalDate firstDate, List<FieldError> errors) {
        if (endDate == null && count == null) {
            errors.add(new FieldError(FIELD, "needs an end: end_date or count"));
            return null;
        }
        if (endDate != null && count != null) {
            errors.add(new FieldError(FIELD, "takes end_date or count, not both"));
            return null;
        }
        if (count != null) {
            if (count < 1 || count > Recurrence.MAX_OCCURRENCES) {
                errors.add(new FieldError(PREFIX + "count",
                        "must be 1-" + Recurrence.MAX_OCCURRENCES + ", was " + count));
                return null;
            }
            return new Recurrence.Count(count);
        }
        LocalDate last;
        try {
            last = LocalDate.parse(endDate.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(PREFIX + "end_date",
                    "must be a date like 2025-12-31, was '" + endDate + "'"));
            return null;
        }
        if (last.isBefore(firstDate)) {
            errors.add(new FieldError(PREFIX + "end_date",
                    "must not be before the first meeting's date " + firstDate + ", was " + last));
            return null;
        }
        return new Recurrence.Until(last);
    }
}
