package io.confab.core.turn.transport;

import io.confab.storage.logging.RateLimitedLog;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.confab.core.turn.FiveTuple;
import io.confab.core.turn.Transport;
import io.confab.core.turn.TurnAction;
import io.confab.core.turn.TurnOutcome;
import io.confab.core.turn.TurnServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The TURN server's sockets on Netty: one UDP and one TCP listener on the same port, optionally a
 * TLS listener (RFC 8656 §3.1: TLS over TCP, 5349 by default), and one UDP socket per allocation on
 * its relayed address. Everything runs on one event-loop thread, which is what keeps
 * {@link TurnServer} (not thread-safe) consistent without locks; the loop also runs the
 * once-a-second expiry of allocations, permissions, channel bindings and port reservations.
 *
 * <p>TCP and TLS clients are held to {@link StreamLimits} by a {@link StreamGuard} (connection
 * caps, idle timeout, back-pressure); closing a connection releases its allocation.
 * The public methods may be called from any thread.
 */
public final class TurnListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnListener.class);
    /** Room for a burst of relayed media while the loop is busy with another socket. */
    private static final int LISTENER_RECEIVE_BUFFER = 4 * 1024 * 1024;
    /**
     * A relay socket hears one peer or a few; 1 MiB (a ceiling the kernel fills only under a
     * burst, not memory taken up front) rides out the loop being busy elsewhere for a while.
     */
    private static final int RELAY_RECEIVE_BUFFER = 1024 * 1024;

    private final TurnServer server;
    private final Clock clock;
    private final EventLoopGroup loop = new NioEventLoopGroup(1);
    private final Map<FiveTuple, Channel> streams = new HashMap<>();
    private final Map<InetSocketAddress, Channel> relays = new HashMap<>();
    private final StreamGuard guard;
    private final LongAdder allocationsOpened = new LongAdder();
    private final LongAdder bytesToPeers = new LongAdder();
    private final LongAdder bytesToClients = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private Channel udp;
    private Channel tcp;
    private Channel tls;

    public TurnListener(TurnServer server, Clock clock) {
        this(server, clock, StreamLimits.defaults());
    }

    public TurnListener(TurnServer server, Clock clock, StreamLimits limits) {
        this.server = server;
        this.clock = clock;
        this.guard = new StreamGuard(limits, clock);
    }

    /** Binds UDP and TCP on {@code host:port} (0 picks a free port) and starts expiry; returns the UDP address. */
    public InetSocketAddress start(String host, int port) throws InterruptedException {
        // Port 0: the kernel picks a free UDP port, and TCP may hold that number already; try others.
        for (int attempt = 1; ; attempt++) {
            try {
                return bindBoth(host, port);
            } catch (Exception failure) {
                // Netty's sync() rethrows the bind's BindException although it is checked.
                if (port != 0 || attempt == 5 || !(failure instanceof BindException)) {
                    throw failure;
                }
            }
        }
    }

    private InetSocketAddress bindBoth(String host, int port) throws InterruptedException {
        udp = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, LISTENER_RECEIVE_BUFFER)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        FiveTuple tuple = new FiveTuple(packet.sender(), (InetSocketAddress) ctx.channel().localAddress(),
                                Transport.UDP);
                        byte[] bytes = ByteBufUtil.getBytes(packet.content());
                        apply(server.fromClient(tuple, bytes, 0, bytes.length, clock.instant()));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        failed("UDP listener", cause);
                    }
                })
                .bind(host, port).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) udp.localAddress();
        try {
            tcp = streamListener(host, bound.getPort(), Transport.TCP, null);
        } catch (Exception tcpRefused) {
            udp.close().sync();
            throw tcpRefused;
        }
        loop.scheduleAtFixedRate(() -> {
            Instant now = clock.instant();
            apply(server.expire(now));
            guard.cutOffStalled(now);
        }, 1, 1, TimeUnit.SECONDS);
        return bound;
    }

    /**
     * Binds the TLS listener on {@code host:port} (0 picks a free port): TLS in front of the same
     * stream framing as TCP (RFC 8656 §3.1). Call after {@link #start}; returns the bound address.
     */
    public InetSocketAddress startTls(String host, int port, SslContext context) throws InterruptedException {
        tls = streamListener(host, port, Transport.TLS, context);
        return (InetSocketAddress) tls.localAddress();
    }

    private Channel streamListener(String host, int port, Transport transport, SslContext context)
            throws InterruptedException {
        return new ServerBootstrap().group(loop, loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, guard.waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (!guard.admit(channel)) {
                            return;
                        }
                        if (context != null) {
                            channel.pipeline().addLast(context.newHandler(channel.alloc()));
                        }
                        channel.pipeline().addLast(new StreamFramer(), new StreamHandler(transport));
                    }
                })
                .bind(host, port).sync().channel();
    }

    /** One TCP or TLS client connection: its messages to the server, its 5-tuple known for the answers. */
    private final class StreamHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final Transport transport;
        private FiveTuple tuple;

        StreamHandler(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            tuple = new FiveTuple((InetSocketAddress) ctx.channel().remoteAddress(),
                    (InetSocketAddress) ctx.channel().localAddress(), transport);
            streams.put(tuple, ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] bytes = ByteBufUtil.getBytes(frame);
            apply(server.fromClient(tuple, bytes, 0, bytes.length, clock.instant()));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (tuple != null && streams.remove(tuple) != null) {
                apply(server.connectionClosed(tuple));
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            guard.writabilityChanged(ctx.channel());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                guard.idle(ctx.channel());
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A failed handshake or a reset is the client's business; the server carries on.
            LOG.debug("TURN {} connection {} failed: {}", transport, tuple, cause.toString());
            ctx.close();
        }
    }

    /** Carries out what the server decided, on the loop thread. */
    private void apply(TurnOutcome outcome) {
        for (TurnAction action : outcome.actions()) {
            if (action instanceof TurnAction.SendToClient send) {
                sendToClient(send.to(), send.bytes());
            } else if (action instanceof TurnAction.SendToPeer send) {
                Channel relay = relays.get(send.relay());
                if (relay != null) {
                    bytesToPeers.add(send.data().length);
                    relay.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(send.data()), send.peer()));
                }
            } else if (action instanceof TurnAction.OpenRelay open) {
                openRelay(open);
            } else if (action instanceof TurnAction.CloseRelay close) {
                Channel relay = relays.remove(close.relay());
                if (relay != null) {
                    relay.close();
                }
            }
        }
    }

    private void sendToClient(FiveTuple to, byte[] bytes) {
        if (to.transport() == Transport.UDP) {
            udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to.client()));
        } else {
            Channel stream = streams.get(to);
            if (stream == null) {
                return;
            }
            if (guard.mayWrite(stream)) {
                stream.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            }
        }
    }

    /**
     * Binds the relay socket before the client hears of its address: with the JDK channel bound
     * synchronously here, a port another process holds is known at once, and the client gets a
     * 508 instead of an allocation that silently relays nothing.
     */
    private void openRelay(TurnAction.OpenRelay open) {
        Optional<Channel> relay = bindRelay(open.relay());
        if (relay.isEmpty()) {
            apply(server.relayUnavailable(open));
            return;
        }
        relays.put(open.relay(), relay.get());
        allocationsOpened.increment();
        sendToClient(open.owner(), open.granted());
    }

    private Optional<Channel> bindRelay(InetSocketAddress address) {
        java.nio.channels.DatagramChannel socket = null;
        try {
            socket = java.nio.channels.DatagramChannel.open(address.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            socket.setOption(StandardSocketOptions.SO_RCVBUF, RELAY_RECEIVE_BUFFER);
            socket.bind(address);
        } catch (IOException e) {
            LOG.warn("cannot bind relay {}: {}", address, e.toString());
            closeQuietly(socket);
            return Optional.empty();
        }
        NioDatagramChannel channel = new NioDatagramChannel(socket);
        channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                bytesToClients.add(packet.content().readableBytes());
                apply(server.fromPeer(address, packet.sender(), ByteBufUtil.getBytes(packet.content()), clock.instant()));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // A peer's ICMP port-unreachable is the peer's business; the relay keeps reading.
                if (!(cause instanceof java.net.PortUnreachableException)) {
                    failed("relay " + address, cause);
                }
            }
        });
        // On the loop thread registration completes inline; an already bound channel starts reading at once.
        if (!loop.register(channel).isSuccess()) {
            LOG.warn("cannot register relay {} with the event loop", address);
            channel.unsafe().closeForcibly();
            return Optional.empty();
        }
        return Optional.of(channel);
    }

    private static void closeQuietly(java.nio.channels.DatagramChannel socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing was bound; there is nothing more to release.
            }
        }
    }

    private void failed(String where, Throwable cause) {
        failures.increment();
        failureLog.error("TURN " + where + " failed", cause);
    }

    /** Allocations whose relay socket was bound and granted, since start. */
    public long allocationsOpened() {
        return allocationsOpened.sum();
    }

    /** Payload bytes relayed from clients to peers since start. */
    public long bytesToPeers() {
        return bytesToPeers.sum();
    }

    /** Payload bytes relayed from peers to clients since start. */
    public long bytesToClients() {
        return bytesToClients.sum();
    }

    /** TCP and TLS connections closed on arrival because of the connection caps, since start. */
    public long streamsRefused() {
        return guard.refused();
    }

    /** TCP and TLS connections closed after the idle timeout, since start. */
    public long streamsIdleClosed() {
        return guard.idleClosed();
    }

    /** TCP and TLS clients cut off because they stopped reading, since start. */
    public long streamsCutOff() {
        return guard.cutOff();
    }

    /** Messages for TCP and TLS clients dropped because the client was not reading, since start. */
    public long backPressureDrops() {
        return guard.dropped();
    }

    /** Open TCP and TLS client connections, read on the loop thread. */
    public int streamCount() {
        return onLoop(streams::size);
    }

    /** Exceptions caught in the listener's pipelines since start (logged, rate-limited). */
    public long failures() {
        return failures.sum();
    }

    /** Messages dropped without an answer for {@code reason} since start, read on the loop thread. */
    public long drops(io.confab.core.turn.DropReason reason) {
        return onLoop(() -> server.drops(reason));
    }

    /** Relay sockets that could not be bound since start; each such Allocate was answered 508. */
    public long relayBindFailures() {
        return onLoop(server::relayBindFailures);
    }

    /** Live allocations, read on the loop thread. */
    public int allocationCount() {
        return onLoop(server::allocationCount);
    }

    private <T> T onLoop(Callable<T> read) {
        try {
            return loop.submit(read).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading TURN state", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read TURN state from the event loop", e);
        }
    }

    @Override
    public void close() {
        for (Channel channel : new Channel[] {udp, tcp, tls}) {
            if (channel != null) {
                channel.close();
            }
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
