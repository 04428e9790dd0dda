package io.confab.core.signaling.transport;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.ratelimit.RateLimit;
import io.confab.core.ratelimit.TokenBucket;
import io.netty.util.AttributeKey;

import java.time.Instant;

/** One WebSocket connection's signaling state, kept as a channel attribute. */
final class Connection {

    static final AttributeKey<Connection> KEY = AttributeKey.valueOf("confab.signaling");

    final TokenBucket bucket;
    final String remoteAddress;
    /** Set once the join is underway, so a second join_meeting is refused. */
    volatile boolean joining;
    volatile ParticipantId participant;
    volatile LiveRoom room;
    /** A close frame was sent (a flood): every later frame is dropped until the socket closes. */
    volatile boolean closing;

    Connection(RateLimit limit, String remoteAddress, Instant now) {
        this.bucket = new TokenBucket(limit, now);
        this.remoteAddress = remoteAddress;
    }
}
