package io.confab.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.confab.storage.logging.RateLimitedLog;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The whole pipeline of a connection accepted from a locked-out address (plain HTTP only): the first
 * bytes that arrive are dropped unread, and the answer is a fixed 429 written by hand, then the
 * connection is closed. No HTTP parsing, no aggregation, no REST worker.
 *
 * <p>Why a 429 and not just a close: a browser behind a locked-out address (an office NAT) then shows
 * why and for how long, as the REST refusal did, at the cost of one read and one write more than a
 * reset. Why after the first read and not at once: closing with the request unread makes the kernel
 * send a reset, which can make the client drop the answer it has not read yet.
 */
@ChannelHandler.Sharable
final class LockoutRefusal extends ChannelInboundHandlerAdapter {

    /** A connection that sends nothing is closed after this, so a silent flood cannot hold sockets. */
    static final long SILENT_CLOSE_SECONDS = 5;

    /*
     * A flood of refused connections can fail on every one (resets are what such clients do), so one
     * line a minute at most; the count says how many.
     */
    private static final RateLimitedLog FAILURE_LOG = new RateLimitedLog(LoggerFactory.getLogger(LockoutRefusal.class),
            Duration.ofMinutes(1));

    private final AddressLockouts lockouts;
    private final LongAdder failures;
    private final Discard discard = new Discard();

    /** {@code failures} counts the refused connections that failed (HttpServer's connection errors). */
    LockoutRefusal(AddressLockouts lockouts, LongAdder failures) {
        this.lockouts = lockouts;
        this.failures = failures;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        io.netty.util.concurrent.ScheduledFuture<?> silent = ctx.executor().schedule(() -> ctx.close(),
                SILENT_CLOSE_SECONDS, TimeUnit.SECONDS);
        // Cancelled at close, so a flood of refused connections leaves no timers queued behind it.
        ctx.channel().closeFuture().addListener(closed -> silent.cancel(false));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        long seconds = Math.max(1, (lockouts.millisLeft(remote.getAddress()) + 999) / 1000);
        String body = "{\"error\":\"RATE_LIMITED\",\"message\":\"too many wrong attempts from your address; try again in "
                + seconds + " s\",\"problems\":[]}";
        String head = "HTTP/1.1 429 Too Many Requests\r\n"
                + "content-type: application/json\r\n"
                + "content-length: " + body.length() + "\r\n"
                + "retry-after: " + seconds + "\r\n"
                + "connection: close\r\n\r\n";
        ByteBuf answer = ctx.alloc().buffer(head.length() + body.length());
        ByteBufUtil.writeAscii(answer, head);
        answer.writeCharSequence(body, StandardCharsets.US_ASCII);
        // Only the first read is answered: later ones (the rest of a long request) are dropped.
        ctx.pipeline().replace(this, "discard", discard);
        ctx.channel().writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(ctx, cause);
    }

    /** The handler a refused connection's pipeline holds after its answer was written. */
    ChannelHandler discard() {
        return discard;
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        failures.increment();
        FAILURE_LOG.error("refused connection from locked-out " + ctx.channel().remoteAddress() + " failed", cause);
        ctx.close();
    }

    /** What a refused connection reads after its answer: dropped, until the close completes. */
    @ChannelHandler.Sharable
    private final class Discard extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(ctx, cause);
        }
    }
}
