package io.confab.core.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The HTTP and WebSocket server on Netty: REST routes (answered on worker threads, since handlers
 * may block on JDBC), the web client's static files, and WebSocket connections on {@code /ws}.
 *
 * <p>A connection from an address locked out for guessing ({@link AddressLockouts}) is refused before
 * any of this: its pipeline is a {@link LockoutRefusal} alone (closed unanswered over TLS). An address
 * that keeps connecting while locked out is dropped before a connection exists ({@link SynDrop}), on
 * Linux's native epoll transport, whose listener's file descriptor the socket filter is attached to;
 * where epoll or JNA does not load the server runs on NIO and only refuses at accept.
 *
 * <p>Pipeline: [TLS] → HTTP codec → data-api's paths forwarded, streaming ({@link DataApiProxy}) → aggregator (1 MiB) → WebSocket upgrade on /ws → REST/static
 * handler, or after an upgrade → text frames to the {@link WebSocketEndpoint}.
 */
public final class HttpServer implements AutoCloseable {

    /** Connections closed on an exception in their pipeline (resets, TLS failures, bad requests), refused ones too. */
    private final java.util.concurrent.atomic.LongAdder connectionErrors = new java.util.concurrent.atomic.LongAdder();
    /** Requests forwarded to data-api that got no whole answer from it (see {@link DataApiProxy}). */
    private final java.util.concurrent.atomic.LongAdder dataApiFailures = new java.util.concurrent.atomic.LongAdder();

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /**
     * Requests and WebSocket messages above this are refused by Netty itself (413 or close 1009),
     * to bound memory; the signaling protocol's own 64 KiB limit is enforced above it with an error
     * frame that keeps the connection.
     */
    static final int MAX_CONTENT_BYTES = 1024 * 1024;

    static final int IDLE_SECONDS = 120;

    private final Router router;
    private final StaticFiles files = new StaticFiles();
    private final WebSocketEndpoint webSocket;
    private final ExecutorService workers;
    private final SslContext ssl;
    private final DataApiRoute dataApi;
    private final RevokedBearers revoked;
    private final AddressLockouts lockouts;
    private final LockoutRefusal refusal;
    /** Connections refused when accepted because their address was locked out for guessing. */
    private final java.util.concurrent.atomic.LongAdder refusedAtAccept = new java.util.concurrent.atomic.LongAdder();
    /** epoll where Netty's native transport loads: it exposes the listener's descriptor for {@link SynDrop}. */
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    private final EventLoopGroup loops = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
    private Channel server;
    /** Null when connections are refused at accept only (no epoll, no JNA, not Linux). */
    private volatile SynDrop synDrop;

    public HttpServer(Router router, WebSocketEndpoint webSocket, ExecutorService workers, SslContext ssl) {
        this(router, webSocket, workers, ssl, DataApiRoute.none());
    }

    /** With {@code dataApi}'s paths forwarded to it (see {@link DataApiProxy}). */
    public HttpServer(Router router, WebSocketEndpoint webSocket, ExecutorService workers, SslContext ssl, DataApiRoute dataApi) {
        this(router, webSocket, workers, ssl, dataApi, RevokedBearers.NONE);
    }

    /** With {@code dataApi}'s paths forwarded to it, except for requests carrying a {@code revoked} token. */
    public HttpServer(Router router, WebSocketEndpoint webSocket, ExecutorService workers, SslContext ssl, DataApiRoute dataApi,
                      RevokedBearers revoked) {
        this(router, webSocket, workers, ssl, dataApi, revoked, AddressLockouts.NONE);
    }

    /** With connections from addresses that {@code lockouts} names refused when they are accepted. */
    public HttpServer(Router router, WebSocketEndpoint webSocket, ExecutorService workers, SslContext ssl, DataApiRoute dataApi,
                      RevokedBearers revoked, AddressLockouts lockouts) {
        this.lockouts = lockouts;
        this.refusal = new LockoutRefusal(lockouts, connectionErrors);
        this.dataApi = dataApi;
        this.revoked = revoked;
        this.router = router;
        this.webSocket = webSocket;
        this.workers = workers;
        this.ssl = ssl;
    }

    /** Binds and returns the bound address (port 0 becomes a free port). */
    public InetSocketAddress start(String host, int port) throws InterruptedException {
        Class<? extends ServerSocketChannel> listener = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        server = new ServerBootstrap()
                .group(boss, loops)
                .channel(listener)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client that stops reading stops being writable at 1 MiB queued; signaling then drops it.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        // First, before any parsing: a guessing flood's connections cost this lookup and a fixed answer.
                        java.net.InetAddress source = channel.remoteAddress().getAddress();
                        if (lockouts.millisLeft(source) > 0) {
                            refusedAtAccept.increment();
                            if (lockouts.refusedAtAccept(source) && synDrop != null) {
                                // Still refused here until the program is attached, a few microseconds later on the listener's loop.
                                synDrop.refreshSoon();
                            }
                            if (ssl != null) {
                                // An answer over TLS would cost a handshake, the most expensive part: closed unanswered.
                                channel.close();
                            } else {
                                pipeline.addLast(refusal);
                            }
                            return;
                        }
                        if (ssl != null) {
                            pipeline.addLast(ssl.newHandler(channel.alloc()));
                        }
                        // Nothing heard for two minutes: the web client pings every few seconds, so the peer is gone.
                        pipeline.addLast(new IdleStateHandler(IDLE_SECONDS, 0, 0));
                        pipeline.addLast(new HttpServerCodec());
                        // Before the aggregator, so data-api's answers and request bodies stream through, never held whole.
                        pipeline.addLast(new DataApiProxy(dataApi, revoked, ssl != null, dataApiFailures));
                        pipeline.addLast(new HttpObjectAggregator(MAX_CONTENT_BYTES));
                        pipeline.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath("/ws").checkStartsWith(true)
                                .maxFramePayloadLength(MAX_CONTENT_BYTES).handleCloseFrames(true).build()));
                        // Clients may fragment a large message; the endpoint sees whole messages only.
                        pipeline.addLast(new WebSocketFrameAggregator(MAX_CONTENT_BYTES));
                        pipeline.addLast(new RestHandler());
                        pipeline.addLast(new FrameHandler());
                    }
                })
                .bind(host, port).sync().channel();
        synDrop = synDrop(server);
        return (InetSocketAddress) server.localAddress();
    }

    /** The kernel drop for {@code listener}, or null (with one line saying why) where it cannot be had. */
    private SynDrop synDrop(Channel listener) {
        if (lockouts == AddressLockouts.NONE) {
            return null;
        }
        if (!(listener instanceof EpollServerSocketChannel epollListener)) {
            LOG.warn("HTTP runs on Java NIO (Netty's native epoll is unavailable: {}): connections from addresses locked out"
                    + " for guessing are refused at accept only", Epoll.unavailabilityCause());
            return null;
        }
        try {
            return new SynDrop(lockouts, KernelSocketFilter.load(), listener, epollListener.fd().intValue());
        } catch (UnsupportedOperationException e) {
            LOG.warn("connections from addresses locked out for guessing are refused at accept only: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        boss.shutdownGracefully();
        loops.shutdownGracefully();
    }

    /** REST routes and static files. */
    private final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
            String path = uri.path();
            byte[] body = ByteBufUtil.getBytes(msg.content());
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            // HEAD is GET without the body (RFC 9110 section 9.3.2): same status and headers.
            boolean head = msg.method().name().equals("HEAD");
            String method = head ? "GET" : msg.method().name();
            io.netty.handler.codec.http.HttpHeaders headers = msg.headers().copy();
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();

            if (!path.startsWith("/api/") && !path.startsWith("/v3/") && method.equals("GET")) {
                Response file = files.find(path).orElse(null);
                write(ctx, file != null ? file : Response.error(ApiException.notFound("no such file: " + path)), keepAlive, head);
                return;
            }
            try {
                workers.execute(() -> {
                    Response response;
                    try {
                        Router.Match match = router.resolve(method, path);
                        response = match.handler().handle(new Request(method, path, match.params(), uri.parameters(),
                                headers, body, remote));
                    } catch (ApiException e) {
                        response = Response.error(e);
                    } catch (RuntimeException e) {
                        LOG.error("{} {} failed", method, path, e);
                        response = Response.error(new ApiException(500, "INTERNAL", "internal error; see the server log"));
                    }
                    Response answer = response;
                    ctx.executor().execute(() -> write(ctx, answer, keepAlive, head));
                });
            } catch (RejectedExecutionException e) {
                write(ctx, Response.error(new ApiException(503, "BUSY", "server busy; retry shortly")), false, head);
            }
        }

        private void write(ChannelHandlerContext ctx, Response response, boolean keepAlive, boolean head) {
            FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
            SecurityHeaders.addTo(http.headers(), ssl != null);
            response.headers().forEach(http.headers()::set);
            if (keepAlive) {
                http.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
                ctx.writeAndFlush(http);
            } else {
                ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A client that vanished or sent garbage: counted, one quiet line, then close its connection only.
            connectionErrors.increment();
            LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /** Text frames of upgraded connections, to the signaling endpoint. */
    private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                webSocket.opened(ctx.channel(), handshake.requestUri(), handshake.requestHeaders());
            } else if (event instanceof IdleStateEvent) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                webSocket.text(ctx.channel(), text.text());
            } else {
                ctx.writeAndFlush(new CloseWebSocketFrame(1003, "only text frames are accepted"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            webSocket.closed(ctx.channel());
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            connectionErrors.increment();
            LOG.debug("WebSocket connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /** Connections refused when accepted, their address locked out for guessing, since start. */
    public long refusedAtAccept() {
        return refusedAtAccept.sum();
    }

    /** Sources whose connection requests the kernel drops now (0 where it cannot: see {@link SynDrop}). */
    public int sourcesDropped() {
        return synDrop == null ? 0 : synDrop.sources();
    }

    /** Socket filter programs that could not be attached since start (the previous one stayed). */
    public long synDropFailures() {
        return synDrop == null ? 0 : synDrop.failures();
    }

    /** "epoll" or "nio": the transport the HTTP server runs on. */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /** HTTP and WebSocket connections closed on an exception in their pipeline since start. */
    public long connectionErrors() {
        return connectionErrors.sum();
    }

    /** Requests forwarded to data-api since start that failed: unreachable, or its connection failed or closed mid-answer. */
    public long dataApiFailures() {
        return dataApiFailures.sum();
    }
}
