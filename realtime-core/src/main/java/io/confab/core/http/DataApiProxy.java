package io.confab.core.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.confab.storage.logging.RateLimitedLog;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards data-api's paths ({@link DataApiRoute#forwards}) to data-api, streaming: it sits before
 * the aggregator, so request and response bodies pass through piece by piece and never whole in
 * memory, and headers such as {@code Range} pass unchanged. Other requests go on down the pipeline
 * untouched. One connection to data-api per forwarded request, on this connection's event loop;
 * reading from each side waits for the other side's writes (no unbounded queue either way).
 *
 * <p>One instance per connection (it keeps the state of the request being forwarded).
 */
final class DataApiProxy extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DataApiProxy.class);
    /* data-api down or restarting fails every forwarded request: one line each 10 s, the counter says how many. */
    private static final RateLimitedLog FAILURE_LOG = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    /** RFC 9110 section 7.6.1: connection-specific fields are not forwarded. */
    private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE);

    /** HttpServer's WebSocket path (its upgrade handler matches by prefix). */
    static final String WEBSOCKET_PATH = "/ws";

    private enum State { IDLE, CONNECTING, FORWARDING, DISCARDING }

    private final DataApiRoute route;
    private final RevokedBearers revoked;
    private final boolean tls;
    private final LongAdder failures;
    private State state = State.IDLE;
    /** The request being forwarded has been counted as failed (an exception and the close after it are one failure). */
    private boolean failureCounted;
    private Channel backend;
    private boolean keepAlive;
    private boolean responseStarted;
    private boolean requestComplete;
    private final List<HttpContent> pending = new ArrayList<>();

    /** {@code failures} counts forwarded requests that got no whole answer from data-api (HttpServer's, for /metrics). */
    DataApiProxy(DataApiRoute route, RevokedBearers revoked, boolean tls, LongAdder failures) {
        this.route = route;
        this.revoked = revoked;
        this.tls = tls;
        this.failures = failures;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && state == State.IDLE) {
            String path = new QueryStringDecoder(request.uri()).path();
            if (!DataApiRoute.forwards(path)) {
                ctx.fireChannelRead(msg);
                if (path.startsWith(WEBSOCKET_PATH)) {
                    // A signaling connection from here on: its frames skip this handler altogether.
                    ctx.pipeline().remove(this);
                }
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(request);
            responseStarted = false;
            requestComplete = false;
            if (!route.configured()) {
                state = State.DISCARDING;
                answer(ctx, 503, "UNAVAILABLE", "the post-meeting API is not configured: start realtime-core with "
                        + "--data-api-url=http://host:port (./confab up does this)");
            } else if (carriesRevokedToken(ctx, request, path)) {
                state = State.DISCARDING;
                answer(ctx, 401, "UNAUTHORIZED", "this token was revoked (signed out); sign in again");
            } else {
                forward(ctx, request);
            }
            if (msg instanceof LastHttpContent) {
                requestEnded(ctx);
            }
            if (!(msg instanceof HttpContent)) {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof HttpContent content && state != State.IDLE) {
            boolean last = content instanceof LastHttpContent;
            switch (state) {
                case CONNECTING -> pending.add(content);
                case FORWARDING -> backend.writeAndFlush(content).addListener(f -> {
                    if (!last && f.isSuccess()) {
                        ctx.read();
                    }
                });
                default -> content.release();
            }
            if (last) {
                requestEnded(ctx);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean carriesRevokedToken(ChannelHandlerContext ctx, HttpRequest request, String path) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String source = ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                ? remote.getAddress().getHostAddress() : null;
        return revoked.revoked(authorization.substring(7).trim(), source, request.method() + " " + path);
    }

    /** The client sent its whole request; a discarded one is done, a forwarded one waits for its answer. */
    private void requestEnded(ChannelHandlerContext ctx) {
        requestComplete = true;
        if (state == State.DISCARDING) {
            state = State.IDLE;
        }
    }

    private void forward(ChannelHandlerContext ctx, HttpRequest request) {
        state = State.CONNECTING;
        failureCounted = false;
        // Until the answer is written, read this client only as fast as data-api takes the body.
        ctx.channel().config().setAutoRead(false);
        HttpRequest outgoing = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri());
        outgoing.headers().set(request.headers());
        HOP_BY_HOP.forEach(outgoing.headers()::remove);
        String target = route.target().getHost() + ":" + route.target().getPort();
        String originalHost = request.headers().get(HttpHeaderNames.HOST);
        outgoing.headers().set(HttpHeaderNames.HOST, target);
        outgoing.headers().set(HttpHeaderNames.CONNECTION, "close");
        if (originalHost != null) {
            outgoing.headers().set("X-Forwarded-Host", originalHost);
        }
        outgoing.headers().set("X-Forwarded-Proto", tls ? "https" : "http");
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            outgoing.headers().add("X-Forwarded-For", remote.getAddress().getHostAddress());
        }
        Channel frontend = ctx.channel();
        new Bootstrap()
                .group(frontend.eventLoop())
                // The browser's own loop: a socket of the transport the web server runs on (epoll or NIO).
                .channel(frontend instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new Answer(ctx));
                    }
                })
                .connect(route.target().getHost(), route.target().getPort())
                .addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        pending.forEach(HttpContent::release);
                        pending.clear();
                        state = requestComplete ? State.IDLE : State.DISCARDING;
                        failed("data-api at " + route.target() + " does not answer", connected.cause());
                        answer(ctx, 502, "BAD_GATEWAY", "the post-meeting API at " + route.target()
                                + " does not answer; check that data-api runs (./confab status)");
                        frontend.config().setAutoRead(true);
                        return;
                    }
                    backend = connected.channel();
                    state = State.FORWARDING;
                    backend.write(outgoing);
                    boolean sawLast = false;
                    for (HttpContent content : pending) {
                        sawLast |= content instanceof LastHttpContent;
                        backend.write(content);
                    }
                    pending.clear();
                    backend.flush();
                    if (!sawLast) {
                        frontend.read();
                    }
                });
    }

    /** data-api's answer, relayed to the client as it comes. */
    private final class Answer extends io.netty.channel.SimpleChannelInboundHandler<HttpObject> {
        private final ChannelHandlerContext client;

        Answer(ChannelHandlerContext client) {
            super(false);
            this.client = client;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                responseStarted = true;
                HttpHeaders headers = response.headers();
                HOP_BY_HOP.forEach(headers::remove);
                headers.set(HttpHeaderNames.CONNECTION, keepAlive ? "keep-alive" : "close");
                SecurityHeaders.addMissingTo(headers, tls);
            }
            if (msg instanceof LastHttpContent) {
                // The exchange is over before data-api's connection closes (its channelInactive then finds IDLE).
                state = State.IDLE;
                backend = null;
                ctx.channel().close();
                client.writeAndFlush(msg).addListener(written -> {
                    if (written.isSuccess() && keepAlive) {
                        client.channel().config().setAutoRead(true);
                    } else {
                        client.close();
                    }
                });
                return;
            }
            client.write(msg);
            if (msg instanceof HttpContent) {
                client.flush();
                // Back-pressure: stop reading data-api while the client's socket is full.
                if (!client.channel().isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state == State.FORWARDING) {
                // data-api closed before its answer ended.
                failed("data-api at " + route.target() + " closed the connection before its answer ended", null);
                backend = null;
                state = requestComplete ? State.IDLE : State.DISCARDING;
                if (!responseStarted) {
                    answer(client, 502, "BAD_GATEWAY", "the post-meeting API closed the connection without answering");
                    client.channel().config().setAutoRead(true);
                } else {
                    client.close();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed("the connection to data-api at " + route.target() + " failed", cause);
            ctx.close();
        }
    }

    /** Counts the forwarded request as failed, once however many ways it failed, and logs why (rate-limited). */
    private void failed(String what, Throwable cause) {
        if (failureCounted) {
            return;
        }
        failureCounted = true;
        failures.increment();
        FAILURE_LOG.error(what, cause);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (backend != null && ctx.channel().isWritable()) {
            backend.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.forEach(HttpContent::release);
        pending.clear();
        if (backend != null) {
            backend.close();
        }
        ctx.fireChannelInactive();
    }

    private void answer(ChannelHandlerContext ctx, int status, String code, String message) {
        Response response = Response.error(new ApiException(status, code, message));
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(response.body()));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        http.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? "keep-alive" : "close");
        SecurityHeaders.addTo(http.headers(), tls);
        if (keepAlive) {
            ctx.writeAndFlush(http);
        } else {
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
