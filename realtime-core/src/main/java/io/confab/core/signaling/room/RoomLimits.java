package io.confab.core.signaling.room;

/**
 * How much of a meeting one joiner can take, so that one participant (or one script with many guest
 * tickets) cannot exhaust it: each limit is refused with its own error code and a message.
 *
 * @param maxParticipants in the meeting at once; hosts and co-hosts still get in past it, as they do
 *                        into a locked meeting, so a flood of guests cannot keep a host out
 * @param maxWaiting      in the waiting room (or waiting for the host) at once; every change is sent
 *                        to each host, so an unbounded list also costs every host a growing message
 */
public record RoomLimits(int maxParticipants, int maxWaiting) {

    public RoomLimits {
        if (maxParticipants < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("room limits need at least 1 participant and 0 or more waiting, got "
                    + maxParticipants + " and " + maxWaiting);
        }
    }
}
