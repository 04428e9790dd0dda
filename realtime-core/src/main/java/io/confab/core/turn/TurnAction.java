package io.confab.core.turn;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the transport must do as a result of one event. The core never touches a socket.
 *
 * <p>The byte arrays in these actions are handed over, not shared: the core never touches an array
 * again once it is in an action, and the transport only writes it out. They are not copied on the
 * way, since every relayed packet passes through here.
 */
public sealed interface TurnAction {

    /** Bytes for the client on its 5-tuple: a response, a Data indication or a ChannelData frame. */
    record SendToClient(FiveTuple to, byte[] bytes) implements TurnAction {
        public SendToClient {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SendToClient s && s.to.equals(to) && Arrays.equals(s.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * to.hashCode() + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "SendToClient[" + to.client() + ", " + bytes.length + " bytes]";
        }
    }

    /** Application data out of a relay socket to a peer, as a plain UDP datagram. */
    record SendToPeer(InetSocketAddress relay, InetSocketAddress peer, byte[] data) implements TurnAction {
        public SendToPeer {
            Objects.requireNonNull(relay, "relay");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SendToPeer s && s.relay.equals(relay) && s.peer.equals(peer)
                    && Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * relay.hashCode() + peer.hashCode()) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "SendToPeer[" + relay + " -> " + peer + ", " + data.length + " bytes]";
        }
    }

    /**
     * Bind a UDP socket on the relayed transport address (datagrams on it go to
     * {@code TurnServer.fromPeer}), then send {@code granted}, the Allocate success, to the owner.
     * If the socket cannot be bound, hand this action to {@code TurnServer.relayUnavailable}
     * instead: it drops the allocation and answers with {@code refused}, a 508, so a client never
     * holds a relayed address that relays nothing.
     */
    record OpenRelay(InetSocketAddress relay, FiveTuple owner, byte[] granted, byte[] refused) implements TurnAction {
        public OpenRelay {
            Objects.requireNonNull(relay, "relay");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(granted, "granted");
            Objects.requireNonNull(refused, "refused");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OpenRelay o && o.relay.equals(relay) && o.owner.equals(owner)
                    && Arrays.equals(o.granted, granted) && Arrays.equals(o.refused, refused);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * relay.hashCode() + owner.hashCode()) + Arrays.hashCode(granted);
        }

        @Override
        public String toString() {
            return "OpenRelay[" + relay + " for " + owner.client() + "]";
        }
    }

    /** The allocation is gone: close the relay socket. */
    record CloseRelay(InetSocketAddress relay) implements TurnAction {
    }

    /**
     * The client's allocation lives on another event loop's server ({@code TurnServer.forLoops}):
     * give that loop's server the same message, untouched. Only a transport that runs several loops
     * sees this, and only for a message the kernel delivered to a socket of another loop than the
     * one that allocated (with SO_REUSEPORT a client's datagrams keep to one socket, so this is rare).
     */
    record HandOff(int loop) implements TurnAction {
    }
}
