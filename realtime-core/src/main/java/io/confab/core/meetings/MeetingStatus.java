package io.confab.core.meetings;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a meeting is in its life: SCHEDULED -> STARTED -> ENDED. A meeting that is created waits
 * in SCHEDULED, whatever its type (an instant meeting until its host opens it).
 *
 * <p>One more edge, STARTED -> SCHEDULED, is for meetings whose ID is used again: a personal
 * meeting room, and a recurring series that has occurrences left. When such a run ends they go
 * back to waiting instead of to ENDED, which is final (a MeetingEnded event is emitted either way).
 * {@link Meeting#end} chooses which.
 */
public enum MeetingStatus {
    SCHEDULED,
    STARTED,
    ENDED;

    /** The statuses this one may move to. */
    public Set<MeetingStatus> next() {
        return switch (this) {
            case SCHEDULED -> EnumSet.of(STARTED);
            case STARTED -> EnumSet.of(ENDED, SCHEDULED);
            case ENDED -> EnumSet.noneOf(MeetingStatus.class);
        };
    }

    public boolean canBecome(MeetingStatus target) {
        return next().contains(target);
    }

    /**
     * The target status, if this one may move to it.
     *
     * @throws IllegalTransitionException otherwise, with a message naming both
     */
    public MeetingStatus transitionTo(MeetingStatus target) {
        if (!canBecome(target)) {
            throw new IllegalTransitionException(this, target);
        }
        return target;
    }
}
