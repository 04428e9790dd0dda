package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ClientRequest;

/**
 * The parts of a join_meeting request the room acts on, once the transport has dealt with the
 * meeting id, passcode and token.
 *
 * @param requestId   echoed in the {@code joined} or {@code waiting} reply
 * @param audioMuted  the client wants to enter with its microphone off
 * @param videoMuted  the client wants to enter with its camera off
 * @param client      free-form client description (user agent, "confab-bot"), or null
 */
public record JoinRequest(String requestId, boolean audioMuted, boolean videoMuted, String client) {

    public static final JoinRequest DEFAULT = new JoinRequest(null, false, false, null);

    /** The room's half of a parsed join_meeting request. */
    public static JoinRequest of(ClientRequest request, String client) {
        if (!(request.message() instanceof ClientMessage.JoinMeeting join)) {
            throw new IllegalArgumentException("not a join_meeting request: " + request.message());
        }
        return new JoinRequest(request.requestId(), join.audioMuted(), join.videoMuted(), client);
    }
}
