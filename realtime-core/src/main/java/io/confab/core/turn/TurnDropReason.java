package io.confab.core.turn;

/**
 * Why the TURN server dropped a message without answering; each is counted (STYLE §7) and exported
 * as {@code confab_turn_dropped_messages{reason}}, the constant's name in lower case.
 */
public enum TurnDropReason {
    /** Not STUN and not ChannelData, or STUN the decoder refused. */
    MALFORMED,
    /** A response or an indication the server does not act on, such as a client's Data indication. */
    UNEXPECTED_MESSAGE,
    /** Indications cannot be answered, so an unknown comprehension-required attribute drops one (RFC 8489 §6.3.2). */
    UNKNOWN_ATTRIBUTE_IN_INDICATION,
    NO_ALLOCATION,
    /** Send indication or peer data without a live permission (RFC 8656 §11.2, §11.3). */
    NO_PERMISSION,
    /** ChannelData on a channel with no live binding (RFC 8656 §12.6). */
    CHANNEL_NOT_BOUND,
    /**
     * Peer data too large for a Data indication: the 16-bit STUN length must also hold
     * XOR-PEER-ADDRESS, so a near-maximal UDP datagram from an IPv6 peer cannot be wrapped.
     */
    OVERSIZED,
    /** Allocate requests over the rate for their source IP or user. */
    RATE_LIMITED,
    /** A Send indication without XOR-PEER-ADDRESS or DATA (RFC 8656 §11.2). */
    INCOMPLETE_INDICATION,
    /** A Send indication to one of the server's own addresses on a port that is not open to relays ({@link PeerPolicy}). */
    CLOSED_OWN_PORT
}
