package io.confab.core.signaling.protocol;

import java.util.Objects;

/**
 * An SDP offer. The same message goes both ways: a client offers what it publishes, the SFU offers
 * what the client subscribes to, so one record serves {@link ClientMessage} and {@link ServerMessage}.
 */
public record Offer(String sdp) implements ClientMessage.Negotiation, ServerMessage.Negotiation {
    public Offer {
        Objects.requireNonNull(sdp, "sdp");
    }

    @Override
    public String type() {
        return WireNames.of(Offer.class);
    }
}
