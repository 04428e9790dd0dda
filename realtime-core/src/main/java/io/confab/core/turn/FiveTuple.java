package io.confab.core.turn;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The client's transport address, the server's, and the protocol between them: the key of an
 * allocation (RFC 8656 §2, "5-tuple"). A second Allocate on the same 5-tuple is a 437.
 */
public record FiveTuple(InetSocketAddress client, InetSocketAddress server, Transport transport) {
    public FiveTuple {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(transport, "transport");
    }
}
