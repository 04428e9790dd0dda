package io.confab.core.signaling.room;

/** Where a room stands after an outcome; the transport's timers and cleanup follow it. */
public enum RoomStatus {
    /** Someone is in the meeting or in its waiting room. */
    OPEN,
    /**
     * Nobody is in the meeting and nobody waits. The transport starts its grace timer and, when it fires,
     * calls {@link Room#endBecauseEmpty}; a join in between makes that call do nothing.
     */
    EMPTY,
    /** The meeting is over; the room answers every further call with MEETING_ENDED. Drop it. */
    ENDED
}
