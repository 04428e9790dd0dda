package io.confab.core.turn;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * A channel number bound to one peer transport address until it expires (RFC 8656 §12). After
 * that it carries no data, but for five more minutes neither the channel nor the peer may be bound
 * to anything else, so late ChannelData from the old pairing cannot reach a new one.
 */
public record ChannelBinding(int channel, InetSocketAddress peer, Instant expiresAt) {
    static final Duration REBIND_HOLD = Duration.ofMinutes(5);

    boolean isLive(Instant now) {
        return now.isBefore(expiresAt);
    }

    boolean isHeld(Instant now) {
        return now.isBefore(expiresAt.plus(REBIND_HOLD));
    }
}
