package io.confab.core.signaling.protocol;

import java.util.Objects;

/** An SDP answer, to whichever side offered; like {@link Offer} it goes both ways. */
public record Answer(String sdp) implements ClientMessage.Negotiation, ServerMessage.Negotiation {
    public Answer {
        Objects.requireNonNull(sdp, "sdp");
    }

    @Override
    public String type() {
        return WireNames.of(Answer.class);
    }
}
