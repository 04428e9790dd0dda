package io.confab.core.turn.transport;

import io.confab.core.turn.ChannelData;
import io.confab.core.turn.ChannelRoute;
import io.confab.core.turn.FiveTuple;
import io.confab.core.turn.Transport;
import io.confab.core.turn.TurnAction;
import io.confab.core.turn.TurnOutcome;
import io.confab.core.turn.TurnServer;
import io.confab.core.udp.BurstWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's part of the TURN server: its {@link TurnServer} (the allocations made on this
 * loop), its UDP listener socket (one of the SO_REUSEPORT group on the TURN port, so the kernel
 * keeps each client on one loop's socket), and the relay socket of each of its allocations. All of
 * it runs on the loop's thread, so none of it needs a lock; a message for an allocation that
 * another loop holds is handed to that loop ({@link TurnAction.HandOff}).
 *
 * <p>Datagrams written during one round of the loop are flushed together at its end, each socket's
 * through its {@link BurstWriter}: on epoll the datagrams waiting on one socket leave in one
 * {@code sendmmsg} call, and a run of equal-size datagrams to one address in one entry of it, as a
 * UDP GSO send. No promise object per datagram, and the relay path reads the clock once per socket
 * read, not once per datagram.
 *
 * <p>The relay path (ChannelData over UDP, and a peer's datagram on a channel) takes one copy per
 * datagram: the core decides the route on addresses and the channel number alone
 * ({@link TurnServer#routeChannelData}, {@link TurnServer#routeFromPeer}), and the payload goes
 * from the receive buffer into the open run of its socket's {@link BurstWriter} (a pooled direct
 * buffer), which the socket sends as it is. Not a slice of the receive buffer: the loop reads every
 * socket into its one 1 MiB buffer (room for 16 datagrams of any size, {@link LoopReadBuffer}), and a
 * slice held until the end-of-round flush would send every later read of that round to the pool for
 * a fresh one. Everything else (STUN, Send and Data indications, drops, hand-offs, TCP and TLS
 * framing) takes the general path through {@code byte[]}.
 */
final class TurnLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TurnLoop.class);
    /**
     * A relay socket hears one peer or a few; 1 MiB (a ceiling the kernel fills only under a
     * burst, not memory taken up front) rides out the loop being busy elsewhere for a while.
     */
    private static final int RELAY_RECEIVE_BUFFER = 1024 * 1024;

    private final TurnListener listener;
    private final EventLoop eventLoop;
    private final TurnServer server;
    private final Clock clock;
    private final Map<InetSocketAddress, BurstWriter> relays = new HashMap<>();
    private final List<BurstWriter> unflushed = new ArrayList<>();
    private final Runnable flush = this::flushAll;
    private boolean flushScheduled;
    /** This loop's listener socket, or loop 0's where the platform has no SO_REUSEPORT. */
    private Channel udp;
    /** What this loop sends on its own listener socket; null when it writes on loop 0's. */
    private BurstWriter udpBursts;
    /**
     * The time the relay path checks lifetimes against, read once per socket read (up to
     * {@link NettyTransport#DATAGRAMS_PER_READ} datagrams) rather than once per datagram: the
     * checks stay exact to within one read's span of microseconds.
     */
    private Instant now;

    TurnLoop(TurnListener listener, EventLoop eventLoop, TurnServer server, Clock clock) {
        this.listener = listener;
        this.eventLoop = eventLoop;
        this.server = server;
        this.clock = clock;
    }

    EventLoop eventLoop() {
        return eventLoop;
    }

    TurnServer server() {
        return server;
    }

    void listenOn(Channel udp) {
        this.udp = udp;
        this.udpBursts = udp.eventLoop() == eventLoop ? bursts(udp) : null;
    }

    private BurstWriter bursts(Channel socket) {
        return new BurstWriter(socket, listener.transport().segmentsUdp(), listener.segmentedSends,
                refused -> listener.segmentationRefused(socket, refused));
    }

    /** The time of the datagrams of the current read. */
    private Instant now() {
        Instant at = now;
        if (at == null) {
            at = clock.instant();
            now = at;
        }
        return at;
    }

    /** The handler of this loop's UDP listener socket: every datagram is a client's. */
    ChannelHandler listenerHandler() {
        return new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                FiveTuple tuple = new FiveTuple(packet.sender(), (InetSocketAddress) ctx.channel().localAddress(), Transport.UDP);
                if (!relayedToPeer(tuple, packet.content())) {
                    fromClient(tuple, ByteBufUtil.getBytes(packet.content()));
                }
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                now = null;
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (!(cause instanceof ClosedChannelException)) {
                    listener.failed("UDP listener", cause);
                }
            }
        };
    }

    /**
     * Relays a client's ChannelData out of its relay socket when the core routes it; false for
     * anything else (not ChannelData, malformed, not routed here), which takes the general path.
     */
    private boolean relayedToPeer(FiveTuple tuple, ByteBuf content) {
        int length = content.readableBytes();
        int at = content.readerIndex();
        // RFC 7983's first byte: 0x40-0x7F is ChannelData on a TURN port (see TurnServer.fromClient).
        if (length < ChannelData.HEADER_LENGTH || (content.getByte(at) & 0xC0) != 0x40) {
            return false;
        }
        int dataLength = content.getUnsignedShort(at + 2);
        if (ChannelData.HEADER_LENGTH + dataLength > length) {
            return false;
        }
        ChannelRoute route = server.routeChannelData(tuple, content.getUnsignedShort(at), now());
        if (route == null) {
            return false;
        }
        BurstWriter relay = relays.get(route.relay());
        if (relay != null) {
            listener.bytesToPeers.add(dataLength);
            relay.next(route.peer(), dataLength).writeBytes(content, at + ChannelData.HEADER_LENGTH, dataLength);
            queue(relay);
        }
        return true;
    }

    /**
     * Sends a peer's datagram to the client in a ChannelData frame when the core routes it over a
     * channel; false otherwise (a Data indication, or a drop), which takes the general path.
     */
    private boolean relayedToClient(ChannelHandlerContext ctx, InetSocketAddress relay, DatagramPacket packet) {
        ChannelRoute route = server.routeFromPeer(relay, packet.sender(), now());
        if (route == null) {
            return false;
        }
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        FiveTuple client = route.client();
        if (client.transport() == Transport.UDP && udpBursts != null) {
            udpBursts.next(client.client(), ChannelData.HEADER_LENGTH + length)
                    .writeShort(route.channel()).writeShort(length).writeBytes(content, content.readerIndex(), length);
            queue(udpBursts);
            return true;
        }
        // Over TCP and TLS the frame is padded to a multiple of 4 (RFC 8656 §12.5); the length field leaves it out.
        int frameLength = client.transport().isStream() ? ChannelData.streamFrameLength(length)
                : ChannelData.HEADER_LENGTH + length;
        ByteBuf frame = ctx.alloc().directBuffer(frameLength, frameLength);
        frame.writeShort(route.channel()).writeShort(length).writeBytes(content, content.readerIndex(), length);
        frame.writeZero(frameLength - frame.writerIndex());
        sendToClient(client, frame);
        return true;
    }

    /** A client's message, on this loop's thread. */
    void fromClient(FiveTuple tuple, byte[] message) {
        apply(server.fromClient(tuple, message, 0, message.length, clock.instant()), tuple, message);
    }

    /** A TCP or TLS client's connection on this loop closed. */
    void streamClosed(FiveTuple tuple) {
        apply(server.connectionClosed(tuple), tuple, null);
    }

    void expire(Instant now) {
        apply(server.expire(now), null, null);
    }

    /** Reads this loop's state on its thread, from any thread. */
    <T> T read(Callable<T> read) {
        if (eventLoop.inEventLoop()) {
            try {
                return read.call();
            } catch (Exception e) {
                throw new IllegalStateException("cannot read TURN state", e);
            }
        }
        try {
            return eventLoop.submit(read).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading TURN state", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read TURN state from the event loop", e);
        }
    }

    /**
     * Carries out what the server decided, on this loop's thread.
     *
     * @param from    the client whose message this answers, for a hand-off; null for other events
     * @param message that message
     */
    private void apply(TurnOutcome outcome, FiveTuple from, byte[] message) {
        for (TurnAction action : outcome.actions()) {
            if (action instanceof TurnAction.SendToPeer send) {
                BurstWriter relay = relays.get(send.relay());
                if (relay != null) {
                    listener.bytesToPeers.add(send.data().length);
                    relay.single(Unpooled.wrappedBuffer(send.data()), send.peer());
                    queue(relay);
                }
            } else if (action instanceof TurnAction.SendToClient send) {
                sendToClient(send.to(), Unpooled.wrappedBuffer(send.bytes()));
            } else if (action instanceof TurnAction.OpenRelay open) {
                openRelay(open);
            } else if (action instanceof TurnAction.CloseRelay close) {
                BurstWriter relay = relays.remove(close.relay());
                if (relay != null) {
                    // What it still holds is released when the end-of-round flush finds it closed.
                    relay.channel().close();
                }
            } else if (action instanceof TurnAction.HandOff handOff) {
                TurnLoop owner = listener.loop(handOff.loop());
                listener.handOffs.increment();
                owner.eventLoop.execute(() -> owner.fromClient(from, message));
            }
        }
    }

    /** Sends {@code bytes} to the client, or releases them when its stream is gone or not reading. */
    private void sendToClient(FiveTuple to, ByteBuf bytes) {
        if (to.transport() == Transport.UDP) {
            if (udpBursts != null) {
                udpBursts.single(bytes, to.client());
                queue(udpBursts);
            } else {
                // Loop 0's listener socket, on a platform without SO_REUSEPORT.
                udp.writeAndFlush(new DatagramPacket(bytes, to.client()));
            }
            return;
        }
        Channel stream = listener.stream(to);
        if (stream != null && listener.guard().mayWrite(stream)) {
            stream.writeAndFlush(bytes);
        } else {
            bytes.release();
        }
    }

    /** Lists a socket written to this round, flushed with the others at the end of the round. */
    private void queue(BurstWriter socket) {
        if (!socket.queue()) {
            unflushed.add(socket);
            if (!flushScheduled) {
                flushScheduled = true;
                // Tasks run after the round's I/O, so everything this round wrote leaves in this flush.
                eventLoop.execute(flush);
            }
        }
    }

    private void flushAll() {
        flushScheduled = false;
        for (int i = 0; i < unflushed.size(); i++) {
            unflushed.get(i).flush();
        }
        unflushed.clear();
    }

    /**
     * Binds the relay socket before the client hears of its address: bound here on the loop's
     * thread, a port another process holds is known at once, and the client gets a 508 instead
     * of an allocation that silently relays nothing.
     */
    private void openRelay(TurnAction.OpenRelay open) {
        Optional<Channel> relay = bindRelay(open.relay());
        if (relay.isEmpty()) {
            apply(server.relayUnavailable(open), null, null);
            return;
        }
        relays.put(open.relay(), bursts(relay.get()));
        listener.allocationsOpened.increment();
        sendToClient(open.owner(), Unpooled.wrappedBuffer(open.granted()));
    }

    private Optional<Channel> bindRelay(InetSocketAddress address) {
        DatagramChannel channel = listener.transport().newDatagramChannel(address.getAddress() instanceof Inet6Address
                ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4);
        channel.config().setOption(ChannelOption.SO_RCVBUF, RELAY_RECEIVE_BUFFER);
        listener.transport().readInBatches(channel.config());
        channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                listener.bytesToClients.add(packet.content().readableBytes());
                if (!relayedToClient(ctx, address, packet)) {
                    apply(server.fromPeer(address, packet.sender(), ByteBufUtil.getBytes(packet.content()), now()),
                            null, null);
                }
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                now = null;
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // A peer's ICMP port-unreachable is the peer's business; the relay keeps reading.
                if (!(cause instanceof PortUnreachableException) && !(cause instanceof ClosedChannelException)) {
                    listener.failed("relay " + address, cause);
                }
            }
        });
        // On the loop's own thread registration and bind complete before they return.
        ChannelFuture registered = eventLoop.register(channel);
        if (!registered.isDone() || !registered.isSuccess()) {
            LOG.warn("cannot register relay {} with the event loop: {}", address, registered.cause());
            channel.unsafe().closeForcibly();
            return Optional.empty();
        }
        ChannelFuture bound = channel.bind(address);
        if (!bound.isDone() || !bound.isSuccess()) {
            LOG.warn("cannot bind relay {}: {}", address, bound.cause() == null ? "not bound" : bound.cause().toString());
            channel.close();
            return Optional.empty();
        }
        return Optional.of(channel);
    }
}
