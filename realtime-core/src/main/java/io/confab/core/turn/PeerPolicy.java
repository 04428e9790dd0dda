package io.confab.core.turn;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which peers a relay may reach. A TURN server that relays anywhere is an open proxy into the
 * networks behind it (RFC 8656 §21.3.1), so by default it refuses loopback, private, link-local,
 * unspecified, multicast and "this network" addresses, for IPv4 and IPv6 alike. An explicit
 * allow-list entry wins over the deny list; loopback has its own switch for the single-machine
 * platform, where every peer is on 127.0.0.1.
 */
public record PeerPolicy(List<AddressBlock> allowed, List<AddressBlock> denied, boolean allowLoopback) {

    public static final List<AddressBlock> LOOPBACK = blocks("127.0.0.0/8", "::1/128");

    /** RFC 6890 special-purpose blocks a meeting's media never needs to reach. */
    public static final List<AddressBlock> DEFAULT_DENIED = blocks(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
            "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
            "::/128", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b::/96");

    public PeerPolicy {
        allowed = List.copyOf(allowed);
        denied = List.copyOf(denied);
    }

    public static PeerPolicy defaults() {
        return new PeerPolicy(List.of(), DEFAULT_DENIED, false);
    }

    public PeerPolicy withLoopbackAllowed(boolean allow) {
        return new PeerPolicy(allowed, denied, allow);
    }

    public PeerPolicy withAllowed(List<AddressBlock> blocks) {
        return new PeerPolicy(blocks, denied, allowLoopback);
    }

    public boolean permits(InetAddress peer) {
        if (allowed.stream().anyMatch(block -> block.contains(peer))) {
            return true;
        }
        if (LOOPBACK.stream().anyMatch(block -> block.contains(peer))) {
            return allowLoopback;
        }
        // IPv4-mapped IPv6 peers need no entry: java.net turns ::ffff:a.b.c.d into an Inet4Address.
        boolean v6Special = peer instanceof Inet6Address && (peer.isSiteLocalAddress() || peer.isAnyLocalAddress());
        return !v6Special && !peer.isMulticastAddress()
                && denied.stream().noneMatch(block -> block.contains(peer));
    }

    private static List<AddressBlock> blocks(String... blocks) {
        return Stream.of(blocks).map(AddressBlock::parse).toList();
    }
}
