package io.confab.core.meetings;

/** The names are those of {@code MeetingType} in storage's {@code MeetingEvent} schema. */
public enum MeetingType {
    /** Starts when the host opens it; has no start time. Personal meeting rooms are instant. */
    INSTANT,
    /** Has one start time. */
    SCHEDULED,
    /** Has a first start time and a {@link Recurrence}; the ID is reused by every occurrence. */
    RECURRING;

    public boolean hasStartTime() {
        return this != INSTANT;
    }
}
