package io.confab.core.meetingservice;

import io.confab.core.turn.EphemeralCredential;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The ICE servers a joining client gets with its join ticket, in WebRTC's {@code RTCIceServer}
 * shape: Confab's own STUN and TURN (UDP, TCP, and TLS when it listens) with a fresh ephemeral
 * credential, so a client behind a firewall that blocks UDP to the SFU, or lets only TLS out, still
 * gets through. Empty when TURN is off.
 */
public final class IceServers {

    /** One {@code RTCIceServer}. */
    public record IceServer(List<String> urls, String username, String credential) {
    }

    /** Long enough for a meeting day; TURN only checks it when an allocation is made or refreshed. */
    static final Duration CREDENTIAL_LIFETIME = Duration.ofHours(12);

    private final String host;
    private final int port;
    private final int tlsPort;
    private final String secret;
    private final Clock clock;

    private IceServers(String host, int port, int tlsPort, String secret, Clock clock) {
        this.host = host;
        this.port = port;
        this.tlsPort = tlsPort;
        this.secret = secret;
        this.clock = clock;
    }

    public static IceServers of(String host, int port, String secret, Clock clock) {
        return new IceServers(host, port, -1, secret, clock);
    }

    /** With TURN over TLS on {@code tlsPort} too ({@code turns:}), when it is above 0. */
    public static IceServers of(String host, int port, int tlsPort, String secret, Clock clock) {
        return new IceServers(host, port, tlsPort, secret, clock);
    }

    public static IceServers none() {
        return new IceServers(null, -1, -1, null, null);
    }

    /** The list for one joiner; {@code who} names them in the credential (no ':' allowed). */
    public List<IceServer> forJoiner(String who) {
        if (port < 0) {
            return List.of();
        }
        EphemeralCredential credential = EphemeralCredential.issue(secret, who.replace(':', '_'),
                clock.instant().plus(CREDENTIAL_LIFETIME));
        List<String> turn = new java.util.ArrayList<>(List.of("turn:" + host + ":" + port + "?transport=udp",
                "turn:" + host + ":" + port + "?transport=tcp"));
        if (tlsPort > 0) {
            turn.add("turns:" + host + ":" + tlsPort + "?transport=tcp");
        }
        return List.of(
                new IceServer(List.of("stun:" + host + ":" + port), null, null),
                new IceServer(List.copyOf(turn), credential.username(), credential.password()));
    }
}
