package io.confab.core.turn.transport;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TURN server's sockets on Netty: one UDP and one TCP listener on the same port, and one UDP
 * socket per allocation on its relayed address. Everything runs on one event-loop thread, which is
 * what keeps {@link TurnServer} (not thread-safe) consistent without locks; the loop also runs the
 * once-a-second expiry of allocations, permissions and channel bindings.
 */
public final class TurnListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnListener.class);

    private final TurnServer server;
    private final Clock clock;
    private final EventLoopGroup loop = new NioEventLoopGroup(1);
    private final Map<FiveTuple, Channel> streams = new HashMap<>();
    private final Map<InetSocketAddress, Channel> relays = new HashMap<>();
    private final AtomicLong relayBindFailures = new AtomicLong();
    private Channel udp;
    private Channel tcp;

    public TurnListener(TurnServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /** Binds UDP and TCP on {@code host:port}; returns the UDP address. */
    public InetSocketAddress start(String host, int port) throws InterruptedException {
        udp = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        FiveTuple tuple = new FiveTuple(packet.sender(), (InetSocketAddress) ctx.channel().localAddress(),
                                Transport.UDP);
                        byte[] bytes = ByteBufUtil.getBytes(packet.content());
                        apply(server.fromClient(tuple, bytes, 0, bytes.length, clock.instant()));
                    }
                })
                .bind(host, port).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) udp.localAddress();
        tcp = new ServerBootstrap().group(loop, loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new StreamFramer(), new StreamHandler());
                    }
                })
                .bind(host, bound.getPort()).sync().channel();
        loop.scheduleAtFixedRate(() -> apply(server.expire(clock.instant())), 1, 1, TimeUnit.SECONDS);
        return bound;
    }

    /** One TCP client connection: its messages to the server, its 5-tuple known for the answers. */
    private final class StreamHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private FiveTuple tuple;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            tuple = new FiveTuple((InetSocketAddress) ctx.channel().remoteAddress(),
                    (InetSocketAddress) ctx.channel().localAddress(), Transport.TCP);
            streams.put(tuple, ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] bytes = ByteBufUtil.getBytes(frame);
            apply(server.fromClient(tuple, bytes, 0, bytes.length, clock.instant()));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            streams.remove(tuple);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("TURN TCP connection {} failed: {}", tuple, cause.toString());
            ctx.close();
        }
    }

    /** Carries out what the server decided, on the loop thread. */
    private void apply(TurnOutcome outcome) {
        for (TurnAction action : outcome.actions()) {
            if (action instanceof TurnAction.SendToClient send) {
                FiveTuple to = send.to();
                if (to.transport() == Transport.UDP) {
                    udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(send.bytes()), to.client()));
                } else {
                    Channel stream = streams.get(to);
                    if (stream != null) {
                        stream.writeAndFlush(Unpooled.wrappedBuffer(send.bytes()));
                    }
                }
            } else if (action instanceof TurnAction.SendToPeer send) {
                Channel relay = relays.get(send.relay());
                if (relay != null) {
                    relay.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(send.data()), send.peer()));
                }
            } else if (action instanceof TurnAction.OpenRelay open) {
                openRelay(open.relay());
            } else if (action instanceof TurnAction.CloseRelay close) {
                Channel relay = relays.remove(close.relay());
                if (relay != null) {
                    relay.close();
                }
            }
        }
    }

    private void openRelay(InetSocketAddress address) {
        // Bound from the loop thread itself, so no waiting on the future here.
        new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        apply(server.fromPeer(address, packet.sender(), ByteBufUtil.getBytes(packet.content()), clock.instant()));
                    }
                })
                .bind(address).addListener(bound -> {
                    if (bound.isSuccess()) {
                        relays.put(address, ((io.netty.channel.ChannelFuture) bound).channel());
                    } else {
                        relayBindFailures.incrementAndGet();
                        LOG.warn("cannot bind relay {}: {}", address, bound.cause().toString());
                    }
                });
    }

    public long relayBindFailures() {
        return relayBindFailures.get();
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
