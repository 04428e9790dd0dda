package io.confab.core.sfu.sdp;

import java.util.Optional;

/** A media direction attribute (RFC 8866 §6.7), always from the point of view of the SDP's author. */
public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String token;

    Direction(String token) {
        this.token = token;
    }

    /** The attribute name as written in SDP. */
    public String token() {
        return token;
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction an answerer that only receives may give in reply to this offered one (RFC 3264 §6.1). */
    public Direction receivingAnswer() {
        return sends() ? RECVONLY : INACTIVE;
    }

    /** Swaps send and receive, which is how an answer mirrors an offered extmap direction (RFC 8285 §6). */
    public Direction mirrored() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public static Optional<Direction> fromToken(String token) {
        for (Direction direction : values()) {
            if (direction.token.equals(token)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }
}
