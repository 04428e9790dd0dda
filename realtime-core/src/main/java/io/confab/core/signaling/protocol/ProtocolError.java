package io.confab.core.signaling.protocol;

import java.util.Objects;

/**
 * Why a frame could not be understood. {@code message} names the problem (the field, the type, the
 * limit); {@code requestId} is the frame's {@code id} when it could still be read.
 */
public record ProtocolError(ErrorCode code, String message, String requestId) implements Parsed {
    public ProtocolError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The {@code error} frame to send back. */
    public ServerMessage.ErrorReply toReply() {
        return new ServerMessage.ErrorReply(code, message, requestId);
    }
}
