package io.confab.core.turn.transport;

import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds TURN's TCP and TLS clients to their {@link StreamLimits}: the connection caps, the idle
 * timeout, and back-pressure. A client that stops reading fills Netty's outbound buffer past the
 * high-water mark; from then on the server stops reading from it, drops what is relayed to it, and
 * cuts it off if it has not caught up within the stall timeout. Connections live on several event
 * loops, so the counts are atomic and the maps concurrent; the counters may be read from anywhere.
 */
final class StreamGuard {

    private static final Logger LOG = LoggerFactory.getLogger(StreamGuard.class);

    private final StreamLimits limits;
    private final Clock clock;
    private final Map<InetAddress, Integer> bySource = new ConcurrentHashMap<>();
    /** Streams whose client stopped reading, with when. */
    private final Map<Channel, Instant> stalled = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();
    private final LongAdder cutOff = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    StreamGuard(StreamLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** The per-connection option that makes a client that does not read show as not writable. */
    WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(limits.highWaterMark() / 2, limits.highWaterMark());
    }

    /**
     * Counts a new connection against the caps and gives it the idle timeout; false (counted, the
     * connection closed) when it is over a cap.
     */
    boolean admit(SocketChannel channel) {
        InetAddress source = channel.remoteAddress().getAddress();
        if (!count(source)) {
            refused.increment();
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(closed -> {
            open.decrementAndGet();
            bySource.computeIfPresent(source, (address, n) -> n == 1 ? null : n - 1);
            stalled.remove(channel);
        });
        channel.pipeline().addLast(new IdleStateHandler(limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        return true;
    }

    /** Counts the connection against both caps, or neither when either is full. */
    private boolean count(InetAddress source) {
        while (true) {
            int n = open.get();
            if (n >= limits.maxConnections()) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                break;
            }
        }
        boolean[] counted = new boolean[1];
        bySource.compute(source, (address, n) -> {
            int held = n == null ? 0 : n;
            if (held >= limits.maxPerSource()) {
                return n;
            }
            counted[0] = true;
            return held + 1;
        });
        if (!counted[0]) {
            open.decrementAndGet();
        }
        return counted[0];
    }

    /** The idle timeout fired: the client sent nothing for that long. */
    void idle(Channel channel) {
        idleClosed.increment();
        channel.close();
    }

    /**
     * Above the high-water mark the client is not reading: stop reading its requests too (TCP then
     * slows it down), and start its stall clock; back under the low mark, carry on.
     */
    void writabilityChanged(Channel channel) {
        channel.config().setAutoRead(channel.isWritable());
        if (channel.isWritable()) {
            stalled.remove(channel);
        } else {
            stalled.putIfAbsent(channel, clock.instant());
        }
    }

    /**
     * Whether a message for this client may be written now; otherwise it is dropped and counted.
     * Relayed media is loss-tolerant (it was UDP to the peer); queueing it for a client that does not
     * read is not.
     */
    boolean mayWrite(Channel stream) {
        if (stream.isWritable()) {
            return true;
        }
        dropped.increment();
        return false;
    }

    /** Cuts off the clients that have not read for longer than the stall timeout; call every second or so. */
    void cutOffStalled(Instant now) {
        Instant limit = now.minus(limits.stallTimeout());
        for (Map.Entry<Channel, Instant> entry : stalled.entrySet()) {
            if (entry.getValue().isBefore(limit) && stalled.remove(entry.getKey(), entry.getValue())) {
                cutOff.increment();
                LOG.debug("TURN client {} cut off: it stopped reading", entry.getKey().remoteAddress());
                entry.getKey().close();
            }
        }
    }

    long refused() {
        return refused.sum();
    }

    long idleClosed() {
        return idleClosed.sum();
    }

    long cutOff() {
        return cutOff.sum();
    }

    long dropped() {
        return dropped.sum();
    }
}
