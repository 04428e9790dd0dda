package io.confab.core.meetings;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A checked create or update request: what the meeting should be, before the service gives it an
 * id, an owner and a status. Produced by {@link MeetingDraft}; consumed by {@link Meeting#create}
 * and {@link Meeting#update}.
 *
 * @param localStart the first start on the wall clock of {@code timeZone} (null for INSTANT);
 *     for a recurring meeting, the first occurrence's
 */
public record MeetingPlan(
        String topic,
        MeetingType type,
        LocalDateTime localStart,
        int durationMinutes,
        ZoneId timeZone,
        Recurrence recurrence,
        PasscodeChange passcode,
        MeetingSettings settings) {

    public MeetingPlan {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(passcode, "passcode");
        Objects.requireNonNull(settings, "settings");
        Meeting.checkSchedule(type, localStart, durationMinutes, recurrence);
    }
}
