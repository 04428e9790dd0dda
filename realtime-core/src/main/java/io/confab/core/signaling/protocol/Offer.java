package io.confab.core.signaling.protocol;

import java.util.Objects;

/** An SDP offer: what a client publishes, or what the SFU sends a client to subscribe to. */
public record Offer(String sdp) implements PeerNegotiation {
    public Offer {
        Objects.requireNonNull(sdp, "sdp");
    }
}
