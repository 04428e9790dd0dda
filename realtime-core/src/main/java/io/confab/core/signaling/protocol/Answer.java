package io.confab.core.signaling.protocol;

import java.util.Objects;

/** An SDP answer to whichever side offered. */
public record Answer(String sdp) implements PeerNegotiation {
    public Answer {
        Objects.requireNonNull(sdp, "sdp");
    }
}
