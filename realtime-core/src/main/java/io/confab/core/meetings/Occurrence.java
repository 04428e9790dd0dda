package io.confab.core.meetings;

import java.time.Instant;
import java.util.Objects;

/**
 * One sitting of a meeting.
 *
 * @param index position in the series, from 0 for the first occurrence
 */
public record Occurrence(Instant start, Instant end, int index) {

    public Occurrence {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("an occurrence ends after it starts");
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
    }

    /** Whether any part of this occurrence lies in [from, to). */
    public boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }
}
