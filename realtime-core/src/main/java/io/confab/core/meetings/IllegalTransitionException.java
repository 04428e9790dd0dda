package io.confab.core.meetings;

/**
 * A meeting was asked to move to a status it cannot reach from where it is, e.g. to start after
 * it ended. The REST layer answers it with 409 Conflict and the message.
 */
public final class IllegalTransitionException extends IllegalStateException {

    private final MeetingStatus from;
    private final MeetingStatus to;

    public IllegalTransitionException(MeetingStatus from, MeetingStatus to) {
        super(message(from, to));
        this.from = from;
        this.to = to;
    }

    public MeetingStatus from() {
        return from;
    }

    public MeetingStatus to() {
        return to;
    }

    private static String message(MeetingStatus from, MeetingStatus to) {
        if (from == to) {
            return "meeting is already " + from;
        }
        if (from == MeetingStatus.ENDED) {
            return "meeting has ENDED; an ended meeting cannot become " + to;
        }
        return "meeting is " + from + "; it cannot become " + to + " (allowed: " + from.next() + ")";
    }
}
