package io.confab.core.turn;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which peers a relay may reach. A TURN server that relays anywhere is an open proxy into the
 * networks behind it (RFC 8656 §21.3.1), so by default it refuses loopback, private, link-local,
 * unspecified, multicast, benchmarking and "this network" addresses, for IPv4 and IPv6 alike, and
 * the IPv6 forms that carry an IPv4 address inside (IPv4-compatible {@code ::a.b.c.d}, NAT64
 * prefixes), which would otherwise smuggle a denied IPv4 peer past the list. An explicit allow-list
 * entry wins over the deny list; loopback has its own switch for the single-machine platform, where
 * every peer is on 127.0.0.1.
 *
 * <p>The server's own addresses are a case of their own: the SFU listens there (a relay-only
 * browser's peer) and so do the relays (two relayed clients talking), but so may any other UDP
 * service of the host. A datagram to one of them is allowed only to the open ports, such as the
 * SFU's and the relay range, whatever the allow-list says; and an own address the deny list names
 * (a private interface) stays denied unless allow-listed. On loopback the loopback switch decides,
 * as before: the single-machine platform's peers are the host's own.
 *
 * @param own       the addresses the server itself answers on (not loopback; see above)
 * @param openPorts the ports of {@code own} a relay may send to
 */
public record PeerPolicy(List<AddressBlock> allowed, List<AddressBlock> denied, boolean allowLoopback,
                         Set<InetAddress> own, List<PortRange> openPorts) {

    public static final List<AddressBlock> LOOPBACK = blocks("127.0.0.0/8", "::1/128");

    /**
     * RFC 6890 special-purpose blocks a meeting's media never needs to reach: "this network",
     * private (RFC 1918), shared (RFC 6598), link-local, benchmarking (198.18.0.0/15, RFC 2544,
     * routed inside some data centres), multicast, reserved, broadcast; IPv6 unspecified,
     * IPv4-compatible (::/96, RFC 4291 §2.5.5.1), unique-local, link-local, multicast, and both
     * NAT64 prefixes (64:ff9b::/96, RFC 6052; 64:ff9b:1::/48, RFC 8215), which translate to IPv4.
     */
    public static final List<AddressBlock> DEFAULT_DENIED = blocks(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
            "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
            "::/128", "::/96", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b::/96", "64:ff9b:1::/48");

    /** An inclusive range of ports, such as the relay range, or one port. */
    public record PortRange(int first, int last) {
        public PortRange {
            if (first < 1 || first > last || last > 65535) {
                throw new IllegalArgumentException("not a port range: " + first + "-" + last);
            }
        }

        public static PortRange of(int port) {
            return new PortRange(port, port);
        }

        boolean contains(int port) {
            return port >= first && port <= last;
        }
    }

    public PeerPolicy {
        allowed = List.copyOf(allowed);
        denied = List.copyOf(denied);
        own = Set.copyOf(own);
        openPorts = List.copyOf(openPorts);
    }

    public static PeerPolicy defaults() {
        return new PeerPolicy(List.of(), DEFAULT_DENIED, false, Set.of(), List.of());
    }

    public PeerPolicy withLoopbackAllowed(boolean allow) {
        return new PeerPolicy(allowed, denied, allow, own, openPorts);
    }

    public PeerPolicy withAllowed(List<AddressBlock> blocks) {
        return new PeerPolicy(blocks, denied, allowLoopback, own, openPorts);
    }

    /** The server's own addresses and which of their ports relays may send to (see the class comment). */
    public PeerPolicy withOwn(Set<InetAddress> addresses, List<PortRange> ports) {
        return new PeerPolicy(allowed, denied, allowLoopback, addresses, ports);
    }

    /** Whether a permission for this peer address may be installed (permissions ignore ports, RFC 8656 §9). */
    public boolean permits(InetAddress peer) {
        if (LOOPBACK.stream().anyMatch(block -> block.contains(peer))) {
            return allowLoopback || allowed.stream().anyMatch(block -> block.contains(peer));
        }
        if (own.contains(peer) && openPorts.isEmpty()) {
            return false;
        }
        if (allowed.stream().anyMatch(block -> block.contains(peer))) {
            return true;
        }
        // IPv4-mapped IPv6 peers need no entry: java.net turns ::ffff:a.b.c.d into an Inet4Address.
        boolean v6Special = peer instanceof Inet6Address && (peer.isSiteLocalAddress() || peer.isAnyLocalAddress());
        return !v6Special && !peer.isMulticastAddress()
                && denied.stream().noneMatch(block -> block.contains(peer));
    }

    /** Whether a datagram may go to this peer: its address permitted, and on the server's own only to an open port. */
    public boolean permits(InetSocketAddress peer) {
        return permits(peer.getAddress()) && !closedOwnPort(peer);
    }

    /**
     * Whether this is one of the server's own addresses (not loopback) on a port that is not open;
     * the check a Send indication needs on top of its permission, one hash lookup for other peers.
     */
    public boolean closedOwnPort(InetSocketAddress peer) {
        InetAddress address = peer.getAddress();
        return !own.isEmpty() && own.contains(address) && LOOPBACK.stream().noneMatch(block -> block.contains(address))
                && openPorts.stream().noneMatch(range -> range.contains(peer.getPort()));
    }

    private static List<AddressBlock> blocks(String... blocks) {
        return Stream.of(blocks).map(AddressBlock::parse).toList();
    }
}
