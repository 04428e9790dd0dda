package io.confab.core.turn;

import java.net.InetSocketAddress;

/**
 * The path of one datagram that a channel binding carries (RFC 8656 §12.6), decided on addresses
 * and the channel number alone: a client's ChannelData goes out of {@code relay} to {@code peer} as
 * a plain datagram; a peer's datagram to {@code relay} goes to {@code client} inside a ChannelData
 * frame with {@code channel}. The core never sees those bytes, so the transport can move them from
 * its own receive buffer with one copy, the relay path's only one.
 *
 * @param client the allocation's owner, the 5-tuple the client's frames arrive on
 * @param relay  the allocation's relayed transport address
 */
public record ChannelRoute(FiveTuple client, InetSocketAddress relay, int channel, InetSocketAddress peer) {
}
