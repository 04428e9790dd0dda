package io.confab.core.signaling.protocol;

/**
 * SDP and ICE that either side sends: a client offers what it publishes and the SFU offers what it
 * subscribes to, each answers the other, and candidates may trickle both ways. So these messages
 * are one record each, in both {@link ClientMessage} and {@link ServerMessage}.
 */
public sealed interface PeerNegotiation extends ClientMessage.Negotiation, ServerMessage.Negotiation
        permits Offer, Answer, IceCandidate {

    /** Both interfaces name the wire type the same way; this settles which default a record inherits. */
    @Override
    default String type() {
        return WireNames.of(getClass());
    }
}
