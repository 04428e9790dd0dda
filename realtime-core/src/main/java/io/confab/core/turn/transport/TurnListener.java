package io.confab.core.turn.transport;

import io.confab.core.turn.TurnDropReason;
import io.confab.core.turn.FiveTuple;
import io.confab.core.turn.Transport;
import io.confab.core.turn.TurnConfig;
import io.confab.core.turn.TurnServer;
import io.confab.storage.logging.RateLimitedLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TURN server's sockets on Netty: UDP and TCP listeners on the same port, optionally a TLS
 * listener (RFC 8656 §3.1: TLS over TCP, 5349 by default), and one UDP socket per allocation on
 * its relayed address, spread over several event loops (one per core by default).
 *
 * <p>Each loop is a {@link TurnLoop}: a {@link TurnServer} of {@link TurnServer#forLoops}, a UDP
 * listener socket of its own on the TURN port (SO_REUSEPORT: the kernel hashes each client's
 * address to one socket, so a client stays on one loop), and the relay sockets of the allocations
 * made there. An allocation and its relay socket live on one loop, so the relay path takes no lock;
 * the loops share only the registry of who owns which 5-tuple and the quotas, ports and rates.
 * A TCP or TLS connection is accepted onto the loops in turn and its allocation lives on its loop.
 * Each loop runs its own once-a-second expiry.
 *
 * <p>TCP and TLS clients are held to {@link StreamLimits} by a {@link StreamGuard} (connection
 * caps, idle timeout, back-pressure); closing a connection releases its allocation.
 * The public methods may be called from any thread.
 */
public final class TurnListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnListener.class);
    /** Room for a burst of relayed media while the loop is busy with another socket. */
    private static final int LISTENER_RECEIVE_BUFFER = 4 * 1024 * 1024;

    private final NettyTransport transport;
    private final Clock clock;
    private final EventLoopGroup group;
    private final List<TurnLoop> loops = new ArrayList<>();
    private final Map<EventLoop, TurnLoop> loopOf = new IdentityHashMap<>();
    private final Map<FiveTuple, Channel> streams = new ConcurrentHashMap<>();
    private final StreamGuard guard;
    final LongAdder allocationsOpened = new LongAdder();
    final LongAdder bytesToPeers = new LongAdder();
    final LongAdder bytesToClients = new LongAdder();
    final LongAdder handOffs = new LongAdder();
    final LongAdder segmentedSends = new LongAdder();
    private final AtomicLong segmentationRefusals = new AtomicLong();
    private final LongAdder failures = new LongAdder();
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final List<Channel> udp = new ArrayList<>();
    private Channel tcp;
    private Channel tls;

    /** One event loop per core, on epoll where it loads, default stream limits. */
    public TurnListener(TurnConfig config, Clock clock) {
        this(config, 0, clock, StreamLimits.defaults());
    }

    /** @param eventLoops how many event loops, 0 for one per core */
    public TurnListener(TurnConfig config, int eventLoops, Clock clock, StreamLimits limits) {
        this(config, eventLoops, NettyTransport.best(), clock, limits);
    }

    /**
     * @param eventLoops how many event loops, 0 for one per core
     * @param transport  epoll or NIO ({@link NettyTransport#best()} picks epoll where it loads)
     */
    public TurnListener(TurnConfig config, int eventLoops, NettyTransport transport, Clock clock, StreamLimits limits) {
        if (eventLoops < 0) {
            throw new IllegalArgumentException("turn.eventLoops must be 0 (one per core) or more, got " + eventLoops);
        }
        int count = eventLoops == 0 ? Runtime.getRuntime().availableProcessors() : eventLoops;
        this.transport = transport;
        this.clock = clock;
        this.guard = new StreamGuard(limits, clock);
        this.group = transport.eventLoops(count);
        List<TurnServer> servers = TurnServer.forLoops(config, count);
        int i = 0;
        for (EventExecutor executor : group) {
            EventLoop eventLoop = (EventLoop) executor;
            TurnLoop loop = new TurnLoop(this, eventLoop, servers.get(i++), clock);
            loops.add(loop);
            loopOf.put(eventLoop, loop);
        }
        if (transport == NettyTransport.NIO && NettyTransport.best() == NettyTransport.NIO) {
            LOG.warn("TURN runs on Java NIO ({} event loops{}): Netty's native epoll is unavailable: {}", count,
                    transport.reusePort() == null ? ", one of them reading the UDP port" : "", NettyTransport.epollUnavailable());
        }
    }

    /** Binds UDP and TCP on {@code host:port} (0 picks a free port) and starts expiry; returns the UDP address. */
    public InetSocketAddress start(String host, int port) throws InterruptedException {
        InetSocketAddress bound;
        // Port 0: the kernel picks a free UDP port, and TCP may hold that number already; try others.
        for (int attempt = 1; ; attempt++) {
            try {
                bound = bindBoth(host, port);
                break;
            } catch (Exception failure) {
                // Netty's sync() rethrows the bind's BindException although it is checked.
                if (port != 0 || attempt == 5 || !(failure instanceof BindException)) {
                    throw failure;
                }
            }
        }
        for (TurnLoop loop : loops) {
            boolean first = loop == loops.get(0);
            loop.eventLoop().scheduleAtFixedRate(() -> {
                Instant now = clock.instant();
                loop.expire(now);
                if (first) {
                    guard.cutOffStalled(now);
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
        return bound;
    }

    /**
     * One UDP socket per loop on the same port (SO_REUSEPORT), or one for all where the platform
     * has no such option; then TCP on that port.
     */
    private InetSocketAddress bindBoth(String host, int port) throws InterruptedException {
        int sockets = transport.reusePort() == null ? 1 : loops.size();
        try {
            for (int i = 0; i < sockets; i++) {
                TurnLoop loop = loops.get(i);
                Bootstrap bootstrap = new Bootstrap().group(loop.eventLoop()).channel(transport.datagramChannel())
                        .option(ChannelOption.SO_RCVBUF, LISTENER_RECEIVE_BUFFER)
                        .handler(loop.listenerHandler());
                if (transport.reusePort() != null) {
                    bootstrap.option(transport.reusePort(), true);
                }
                // Port 0 picks a port for the first socket; the others join it there.
                int at = i == 0 ? port : ((InetSocketAddress) udp.get(0).localAddress()).getPort();
                Channel socket = bootstrap.register().sync().channel();
                // Listed before the bind, so that a failed bind closes it with the others.
                udp.add(socket);
                transport.readInBatches(socket.config());
                socket.bind(new InetSocketAddress(host, at)).sync();
            }
            for (int i = 0; i < loops.size(); i++) {
                loops.get(i).listenOn(udp.get(i < sockets ? i : 0));
            }
            InetSocketAddress bound = (InetSocketAddress) udp.get(0).localAddress();
            tcp = streamListener(host, bound.getPort(), Transport.TCP, null);
            return bound;
        } catch (Exception refused) {
            for (Channel channel : udp) {
                channel.close().sync();
            }
            udp.clear();
            throw refused;
        }
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
        // Connections are accepted onto the loops in turn; each one's allocation lives on its loop.
        return new ServerBootstrap().group(group, group).channel(this.transport.serverChannel())
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

    /** One TCP or TLS client connection: its messages to its loop's server, its 5-tuple known for the answers. */
    private final class StreamHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final Transport transport;
        private FiveTuple tuple;
        private TurnLoop loop;

        StreamHandler(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            tuple = new FiveTuple((InetSocketAddress) ctx.channel().remoteAddress(),
                    (InetSocketAddress) ctx.channel().localAddress(), transport);
            loop = loopOf.get(ctx.channel().eventLoop());
            streams.put(tuple, ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            loop.fromClient(tuple, ByteBufUtil.getBytes(frame));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (tuple != null && streams.remove(tuple) != null) {
                loop.streamClosed(tuple);
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
            if (clientsDoing(cause)) {
                // A failed handshake, bytes no codec can read or a reset: the client's business; the server carries on.
                LOG.debug("TURN {} connection {} failed: {}", transport, tuple, cause.toString());
            } else {
                failed(transport + " connection " + tuple, cause);
            }
            ctx.close();
        }
    }

    TurnLoop loop(int index) {
        return loops.get(index);
    }

    Channel stream(FiveTuple tuple) {
        return streams.get(tuple);
    }

    StreamGuard guard() {
        return guard;
    }

    NettyTransport transport() {
        return transport;
    }

    /** The kernel refused a GSO send on {@code socket}: it sends its datagrams one by one from now on. */
    void segmentationRefused(Channel socket, Throwable cause) {
        // Once: a path the kernel refuses GSO on (a tunnel's MTU, an IPsec route) refuses it on every socket.
        if (segmentationRefusals.incrementAndGet() == 1) {
            LOG.warn("TURN socket {} sends without UDP GSO from now on, and so will any other the kernel refuses: {}",
                    socket.localAddress(), cause.toString());
        }
    }

    /**
     * Whether a stream's exception comes from what the client did (its socket reset, a TLS handshake it
     * failed, bytes Netty's codecs refused) rather than from a fault of the server's own code, which is
     * counted and logged as a failure.
     */
    static boolean clientsDoing(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof io.netty.handler.codec.DecoderException) {
                return true;
            }
        }
        return false;
    }

    void failed(String where, Throwable cause) {
        failures.increment();
        failureLog.error("TURN " + where + " failed", cause);
    }

    /** How many event loops serve TURN. */
    public int eventLoops() {
        return loops.size();
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return transport.name();
    }

    /** Allocations held by each event loop, in loop order; each read on its loop's thread. */
    public List<Integer> allocationsPerLoop() {
        return loops.stream().map(loop -> loop.read(() -> loop.server().allocationsOnThisLoop())).toList();
    }

    /**
     * Whether runs of equal-size datagrams to one address leave as UDP GSO sends (epoll, on a
     * kernel with {@code UDP_SEGMENT}); false on NIO or where the kernel lacks it.
     */
    public boolean udpSegmentation() {
        return transport.segmentsUdp();
    }

    /** UDP GSO sends, each of two datagrams or more, since start. */
    public long segmentedSends() {
        return segmentedSends.sum();
    }

    /** Sockets that went back to one datagram per send after the kernel refused a GSO send, since start. */
    public long segmentationRefusals() {
        return segmentationRefusals.get();
    }

    /** Client messages that reached a loop other than their allocation's and were handed to it, since start. */
    public long handOffs() {
        return handOffs.sum();
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

    /** Open TCP and TLS client connections. */
    public int streamCount() {
        return streams.size();
    }

    /** Exceptions caught in the listener's pipelines since start (logged, rate-limited). */
    public long failures() {
        return failures.sum();
    }

    /** Messages dropped without an answer for {@code reason} since start, summed over the loops (each read on its thread). */
    public long drops(TurnDropReason reason) {
        return loops.stream().mapToLong(loop -> loop.read(() -> loop.server().drops(reason))).sum();
    }

    /** Relay sockets that could not be bound since start; each such Allocate was answered 508. */
    public long relayBindFailures() {
        return loops.stream().mapToLong(loop -> loop.read(() -> loop.server().relayBindFailures())).sum();
    }

    /** Live allocations on all loops. */
    public int allocationCount() {
        return loops.get(0).server().allocationCount();
    }

    @Override
    public void close() {
        List<Channel> listeners = new ArrayList<>(udp);
        listeners.add(tcp);
        listeners.add(tls);
        for (Channel channel : listeners) {
            if (channel != null) {
                channel.close();
            }
        }
        // Shutting down closes every channel registered with the loops, the relay sockets among them.
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
