package io.confab.core.meetings;

import io.confab.core.accounts.FieldError;
import io.confab.core.accounts.Validated;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /api/meetings} or of an update, as sent: every field may be missing or
 * wrong. {@link #validateNew} and {@link #validateUpdate} check all of it and report every problem
 * at once, each naming its JSON field, for an HTTP 400 body.
 *
 * <p>On update a missing field keeps the meeting's value, except what the new type does not have:
 * changing to INSTANT drops the start time, changing away from RECURRING drops the recurrence.
 * Changing only the time zone keeps the wall-clock start (09:00 stays 09:00 in the new zone).
 *
 * @param startTime the (first) start, either on the wall clock of {@code timeZone}
 *     ({@code 2025-03-09T09:00:00}) or as an instant with an offset ({@code 2025-03-09T14:00:00Z})
 * @param durationMinutes 1-1440; 60 for a new meeting when left out
 * @param timeZone an IANA zone id; required for SCHEDULED and RECURRING, UTC for INSTANT when left out
 * @param passcode 4-10 letters and digits; an empty string removes it; left out keeps it (none
 *     for a new meeting)
 */
public record MeetingDraft(
        String topic,
        String type,
        String startTime,
        Integer durationMinutes,
        String timeZone,
        RecurrenceDraft recurrence,
        String passcode,
        SettingsDraft settings) {

    public static final int MAX_TOPIC = 200;
    public static final int DEFAULT_DURATION_MINUTES = 60;
    private static final int MIN_YEAR = 1970;
    private static final int MAX_YEAR = 9999;

    public Validated<MeetingPlan> validateNew() {
        return validate(null);
    }

    public Validated<MeetingPlan> validateUpdate(Meeting current) {
        if (current == null) {
            throw new IllegalArgumentException("an update needs the meeting it updates");
        }
        return validate(current);
    }

    private Validated<MeetingPlan> validate(Meeting current) {
        List<FieldError> errors = new ArrayList<>();
        String checkedTopic = checkTopic(current, errors);
        MeetingType checkedType = checkType(current, errors);
        ZoneId zone = checkZone(current, checkedType, errors);
        LocalDateTime start = checkStart(current, checkedType, zone, errors);
        int duration = checkDuration(current, errors);
        Recurrence checkedRecurrence = checkRecurrence(current, checkedType, start, errors);
        PasscodeChange passcodeChange = checkPasscode(errors);
        MeetingSettings base = current != null ? current.settings() : MeetingSettings.DEFAULTS;
        Validated<MeetingSettings> checkedSettings =
                (settings != null ? settings : SettingsDraft.UNCHANGED).applyTo(base);
        errors.addAll(checkedSettings.errors());
        if (errors.isEmpty() && checkedRecurrence != null) {
            start = firstOccurrence(checkedRecurrence, start, errors);
        }
        if (!errors.isEmpty()) {
            return Validated.rejected(errors);
        }
        return Validated.accepted(new MeetingPlan(checkedTopic, checkedType, start, duration, zone,
                checkedRecurrence, passcodeChange, checkedSettings.orElseThrow()));
    }

    private String checkTopic(Meeting current, List<FieldError> errors) {
        if (topic == null) {
            if (current == null) {
                errors.add(new FieldError("topic", "is required"));
                return null;
            }
            return current.topic();
        }
        String trimmed = topic.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < 1 || length > MAX_TOPIC) {
            errors.add(new FieldError("topic", "must be 1-" + MAX_TOPIC + " characters, was " + length));
        } else if (trimmed.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
            errors.add(new FieldError("topic", "must not contain control characters or line breaks"));
        }
        return trimmed;
    }

    private MeetingType checkType(Meeting current, List<FieldError> errors) {
        if (type == null) {
            if (current == null) {
                errors.add(new FieldError("type", "is required: INSTANT, SCHEDULED or RECURRING"));
                return null;
            }
            return current.type();
        }
        try {
            return MeetingType.valueOf(type.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("type", "must be INSTANT, SCHEDULED or RECURRING, was '" + type + "'"));
            return null;
        }
    }

    private ZoneId checkZone(Meeting current, MeetingType meetingType, List<FieldError> errors) {
        if (timeZone == null) {
            if (current != null) {
                return current.timeZone();
            }
            if (meetingType != null && meetingType.hasStartTime()) {
                errors.add(new FieldError("time_zone", "is required for " + meetingType + " meetings"));
                return null;
            }
            return ZoneOffset.UTC;
        }
        try {
            ZoneId zone = ZoneId.of(timeZone.strip());
            if (zone instanceof ZoneOffset) {
                errors.add(new FieldError("time_zone", "must be an IANA time zone such as Europe/Berlin;"
                        + " a fixed offset would not follow daylight saving time"));
                return null;
            }
            return zone;
        } catch (DateTimeException e) {
            errors.add(new FieldError("time_zone", "is not a known IANA time zone such as Europe/Berlin: '"
                    + timeZone + "'"));
            return null;
        }
    }

    private LocalDateTime checkStart(Meeting current, MeetingType meetingType, ZoneId zone, List<FieldError> errors) {
        if (meetingType == null) {
            return null;
        }
        if (!meetingType.hasStartTime()) {
            if (startTime != null) {
                errors.add(new FieldError("start_time", "an INSTANT meeting has no start time"));
            }
            return null;
        }
        if (startTime == null) {
            if (current != null && current.localStart() != null) {
                return current.localStart();
            }
            errors.add(new FieldError("start_time", "is required for " + meetingType + " meetings"));
            return null;
        }
        LocalDateTime local;
        String text = startTime.strip();
        try {
            local = LocalDateTime.parse(text);
        } catch (DateTimeParseException notLocal) {
            try {
                OffsetDateTime instant = OffsetDateTime.parse(text);
                if (zone == null) {
                    return null; // the time zone's own error says what to fix
                }
                local = instant.atZoneSameInstant(zone).toLocalDateTime();
            } catch (DateTimeParseException notOffset) {
                errors.add(new FieldError("start_time", "must be like 2025-03-09T09:00:00 (on the clock of"
                        + " time_zone) or 2025-03-09T14:00:00Z, was '" + startTime + "'"));
                return null;
            }
        }
        if (local.getYear() < MIN_YEAR || local.getYear() > MAX_YEAR) {
            errors.add(new FieldError("start_time", "year must be " + MIN_YEAR + "-" + MAX_YEAR));
            return null;
        }
        return local.truncatedTo(ChronoUnit.SECONDS);
    }

    private int checkDuration(Meeting current, List<FieldError> errors) {
        if (durationMinutes == null) {
            return current != null ? current.durationMinutes() : DEFAULT_DURATION_MINUTES;
        }
        if (durationMinutes < 1 || durationMinutes > Meeting.MAX_DURATION_MINUTES) {
            errors.add(new FieldError("duration_minutes",
                    "must be 1-" + Meeting.MAX_DURATION_MINUTES + " minutes, was " + durationMinutes));
            return DEFAULT_DURATION_MINUTES;
        }
        return durationMinutes;
    }

    private Recurrence checkRecurrence(
            Meeting current, MeetingType meetingType, LocalDateTime start, List<FieldError> errors) {
        if (meetingType != MeetingType.RECURRING) {
            if (recurrence != null && meetingType != null) {
                errors.add(new FieldError(RecurrenceDraft.FIELD, "only a RECURRING meeting has a recurrence"));
            }
            return null;
        }
        if (recurrence == null) {
            if (current != null && current.recurrence() != null) {
                return current.recurrence();
            }
            errors.add(new FieldError(RecurrenceDraft.FIELD, "is required for RECURRING meetings"));
            return null;
        }
        if (start == null) {
            return null; // cannot be checked without the first date; start_time has its own error
        }
        Validated<Recurrence> checked = recurrence.validate(start.toLocalDate());
        errors.addAll(checked.errors());
        return checked.isAccepted() ? checked.orElseThrow() : null;
    }

    private PasscodeChange checkPasscode(List<FieldError> errors) {
        if (passcode == null) {
            return new PasscodeChange.Keep();
        }
        if (passcode.isEmpty()) {
            return new PasscodeChange.Remove();
        }
        if (!PasscodeChange.Replace.FORMAT.matcher(passcode).matches()) {
            errors.add(new FieldError("passcode", "must be 4-10 letters (A-Z, a-z) and digits"));
            return null;
        }
        return new PasscodeChange.Replace(passcode);
    }

    /**
     * The start moved to the series' first occurrence (a weekly Monday series asked to start on a
     * Sunday begins the next day), after checking the series is neither empty nor too long.
     */
    private static LocalDateTime firstOccurrence(Recurrence series, LocalDateTime start, List<FieldError> errors) {
        List<LocalDate> dates = series.dates(start.toLocalDate())
                .limit(Recurrence.MAX_OCCURRENCES + 1L)
                .collect(Collectors.toList());
        if (dates.isEmpty()) {
            errors.add(new FieldError(RecurrenceDraft.FIELD, "has no occurrence on or before its end date"));
            return start;
        }
        if (dates.size() > Recurrence.MAX_OCCURRENCES) {
            errors.add(new FieldError("recurrence.end_date", "gives more than " + Recurrence.MAX_OCCURRENCES
                    + " occurrences; choose an earlier end_date or a count"));
            return start;
        }
        return dates.get(0).atTime(start.toLocalTime());
    }
}
