package io.confab.core.sfu.sdp;

import java.util.Objects;

/**
 * One of the SFU's host candidates (RFC 8445 §5.1.1.1): the address and port its media socket is
 * bound to, over UDP or, for networks that block UDP, passive TCP (RFC 6544). An ICE-lite agent
 * has only host candidates (RFC 8445 §2.5).
 */
public record HostCandidate(String address, int port, Transport transport) {

    /** The candidate's transport protocol; TCP candidates are passive, the SFU only accepts connections. */
    public enum Transport { UDP, TCP }

    /** RFC 8445 §5.1.2.2: 126 is the recommended type preference for host candidates. */
    private static final long HOST_TYPE_PREFERENCE = 126;
    /**
     * RFC 6544 §4.2: local preference is 2^13 * direction-pref + other-pref, with direction-pref 4
     * for passive. It stays below UDP's 65535 so browsers try UDP first.
     */
    private static final long TCP_PASSIVE_LOCAL_PREFERENCE = (4L << 13) + 8191;
    private static final long UDP_LOCAL_PREFERENCE = 65535;

    /**
     * @throws IllegalArgumentException when the address is blank or has spaces, or the port is not 1-65535
     */
    public HostCandidate {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(transport, "transport");
        if (address.isBlank() || address.contains(" ")) {
            throw new IllegalArgumentException("candidate address must be an IP literal: '" + address + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("candidate port must be 1-65535: " + port);
        }
    }

    public static HostCandidate udp(String address, int port) {
        return new HostCandidate(address, port, Transport.UDP);
    }

    public static HostCandidate tcp(String address, int port) {
        return new HostCandidate(address, port, Transport.TCP);
    }

    /**
     * The value after {@code a=candidate:} (RFC 8839 §5.1). Component 1 only, since RTCP is muxed.
     * {@code index} is the candidate's place in the SFU's list: it makes each foundation distinct
     * and lowers later candidates' priority so that the order given is the order preferred.
     */
    String toSdpValue(int index) {
        long localPreference = (transport == Transport.UDP ? UDP_LOCAL_PREFERENCE : TCP_PASSIVE_LOCAL_PREFERENCE) - index;
        // RFC 8445 §5.1.2.1: priority = 2^24 * type pref + 2^8 * local pref + (256 - component id).
        long priority = (HOST_TYPE_PREFERENCE << 24) + (localPreference << 8) + (256 - 1);
        String text = (index + 1) + " 1 " + (transport == Transport.UDP ? "udp" : "tcp") + " " + priority + " "
                + address + " " + port + " typ host";
        return transport == Transport.TCP ? text + " tcptype passive" : text;
    }
}
