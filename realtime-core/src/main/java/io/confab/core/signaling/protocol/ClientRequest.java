package io.confab.core.signaling.protocol;

import java.util.Objects;

/** A well-formed client message with the client's optional request id, which replies and errors echo. */
public record ClientRequest(String requestId, ClientMessage message) implements Parsed {
    public ClientRequest {
        Objects.requireNonNull(message, "message");
    }

    public static ClientRequest of(ClientMessage message) {
        return new ClientRequest(null, message);
    }
}
