package io.confab.core.signaling.transport;

import io.confab.core.ratelimit.RateLimit;
import io.confab.core.signaling.room.RoomLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * What signaling lets one connection, one room and the node take (realtime-core's {@code CoreConfig}
 * fills it from the reference file).
 *
 * @param rate              messages per connection; a flood past it closes the connection
 * @param rooms             participants and waiting people per meeting
 * @param roomBacklogBytes  accepted frames one room may have waiting for its executor
 * @param nodeBacklogBytes  waiting frames across all rooms, at least {@code roomBacklogBytes}
 * @param emptyMeetingGrace how long a meeting stays open after its last participant left
 */
public record SignalingLimits(RateLimit rate, RoomLimits rooms, long roomBacklogBytes, long nodeBacklogBytes,
                              Duration emptyMeetingGrace) {

    public SignalingLimits {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(emptyMeetingGrace, "emptyMeetingGrace");
        if (roomBacklogBytes <= 0 || nodeBacklogBytes < roomBacklogBytes) {
            throw new IllegalArgumentException("backlog limits must be positive with the node's at least the room's: room "
                    + roomBacklogBytes + ", node " + nodeBacklogBytes);
        }
    }
}
