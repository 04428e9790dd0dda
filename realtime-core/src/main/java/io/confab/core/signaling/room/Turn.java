package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ServerMessage;
import java.time.Instant;

/** One message from a member being handled: who sent it, the request id to echo, the time, and the outcome so far. */
record Turn(Member by, String requestId, Instant now, Outcome.Builder out) {

    Actor actor() {
        return by.actor();
    }

    /** An {@code error} frame to the sender; the meeting goes on. */
    void refuse(ErrorCode code, String message) {
        out.to(by.id(), new ServerMessage.ErrorReply(code, message, requestId));
    }
}
