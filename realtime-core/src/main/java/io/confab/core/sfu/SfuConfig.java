package io.confab.core.sfu;

import java.time.Duration;
import java.util.Objects;

/**
 * The SFU's settings, one typed object (realtime-core's {@code CoreConfig} fills it).
 *
 * @param host              address the media port binds to
 * @param port              the UDP media port (0: any free port)
 * @param announce          address put in SDP candidates, what browsers send to
 * @param lastN             video of only this many most recent speakers reaches each receiver (-1: all)
 * @param handshakeTimeout  a DTLS handshake that has not finished by then is abandoned
 * @param consentTimeout    a transport with no connectivity check for this long is torn down (RFC 7675: 30 s)
 * @param publisherRembBps  the bandwidth the SFU tells each sender it may use (REMB), the ceiling of
 *                          what a sender's three simulcast layers need
 */
public record SfuConfig(String host, int port, String announce, int lastN, Duration handshakeTimeout,
                        Duration consentTimeout, long publisherRembBps) {

    public SfuConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(announce, "announce");
        if (lastN < -1) {
            throw new IllegalArgumentException("lastN must be -1 or more");
        }
    }

    public static SfuConfig defaults(String host, int port, String announce, int lastN) {
        return new SfuConfig(host, port, announce, lastN, Duration.ofSeconds(10), Duration.ofSeconds(30), 3_000_000);
    }
}
