package io.confab.core.sfu.transport;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Which transport a datagram belongs to, by its source address. An address enters only through a
 * connectivity check that proved it knows the transport's ICE password, so a packet from anywhere
 * else is dropped before any parsing or decryption. Media thread only.
 */
public final class TransportRoutes {

    private final Map<InetSocketAddress, PeerTransport> byAddress = new HashMap<>();

    public PeerTransport find(InetSocketAddress from) {
        return byAddress.get(from);
    }

    void bind(InetSocketAddress address, PeerTransport transport) {
        PeerTransport previous = byAddress.put(address, transport);
        if (previous != null && previous != transport) {
            // The same browser port moved to a new transport (a rejoin): the old one loses it.
            previous.lostAddress(address);
        }
    }

    void unbind(InetSocketAddress address, PeerTransport transport) {
        byAddress.remove(address, transport);
    }

    public int size() {
        return byAddress.size();
    }
}
