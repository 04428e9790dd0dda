package io.confab.core.turn.transport;

import java.time.Duration;

/**
 * What one TURN-over-TCP or TLS client may hold of the server (RFC 8656 §21.3: a TURN server is a
 * target for resource exhaustion). A stream, unlike UDP, makes the server keep what the client has
 * not read yet; these bound it.
 *
 * @param maxConnections    TCP and TLS connections at once; more are closed as they arrive
 * @param maxPerSource      of those, from one source IP (a NATed office shares one, so well above a browser's one or two)
 * @param idleTimeout       a connection that sends nothing for this long is closed; a browser's consent
 *                          checks (RFC 7675, every few seconds) and refreshes keep a live one busy
 * @param highWaterMark     bytes queued for a client beyond its socket before it counts as not reading
 *                          (Netty's write-buffer high-water mark); relayed frames to it are dropped meanwhile
 * @param stallTimeout      a client that stays above the mark this long is cut off and its allocation freed
 */
public record StreamLimits(int maxConnections, int maxPerSource, Duration idleTimeout, int highWaterMark,
                           Duration stallTimeout) {

    public StreamLimits {
        require(maxConnections > 0, "turn.tcpMaxConnections", "must be positive, got " + maxConnections);
        require(maxPerSource > 0 && maxPerSource <= maxConnections, "turn.tcpMaxPerSource",
                "must be positive and at most turn.tcpMaxConnections, got " + maxPerSource);
        require(positive(idleTimeout), "turn.tcpIdleTimeout", "must be positive");
        require(highWaterMark >= 1024, "turn.tcpHighWaterMark", "must be at least 1024 bytes, got " + highWaterMark);
        require(positive(stallTimeout), "turn.tcpStallTimeout", "must be positive");
    }

    /**
     * 2,000 connections and 50 per address; 60 s idle; 256 KiB queued (about a second of a 2 Mbit/s
     * video stream, on top of the kernel's socket buffer) and 3 s above it before the cut.
     */
    public static StreamLimits defaults() {
        return new StreamLimits(2000, 50, Duration.ofSeconds(60), 256 * 1024, Duration.ofSeconds(3));
    }

    public StreamLimits withConnections(int max, int perSource) {
        return new StreamLimits(max, perSource, idleTimeout, highWaterMark, stallTimeout);
    }

    public StreamLimits withIdleTimeout(Duration idle) {
        return new StreamLimits(maxConnections, maxPerSource, idle, highWaterMark, stallTimeout);
    }

    public StreamLimits withBackPressure(int bytes, Duration stall) {
        return new StreamLimits(maxConnections, maxPerSource, idleTimeout, bytes, stall);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(key + " " + problem);
        }
    }
}
