package io.confab.core.signaling.protocol;

import java.util.Objects;

/** A well-formed client message with the client's optional request id, which replies and errors echo. */
public record Request(String requestId, ClientMessage message) implements Parsed {
    public Request {
        Objects.requireNonNull(message, "message");
    }

    public static Request of(ClientMessage message) {
        return new Request(null, message);
    }
}
