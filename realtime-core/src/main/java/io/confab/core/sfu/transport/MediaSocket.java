package io.confab.core.sfu.transport;

import io.confab.storage.logging.RateLimitedLog;
import org.slf4j.LoggerFactory;

import java.net.PortUnreachableException;
import java.time.Duration;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SFU's one UDP port, shared by every participant (ICE-lite demultiplexes by ufrag, then by
 * 5-tuple). One event-loop thread reads, decrypts, forwards and encrypts: that thread owns all media
 * state, so the packet path has no locks. Other threads hand work to it with {@link #execute}.
 *
 * <p>Each datagram is copied once into a reusable array, because SRTP and the RTP rewriters work on
 * arrays in place. Sends skip Netty's outbound pipeline: the media thread writes each datagram
 * straight to the socket from one reused direct buffer, with no allocation, no reference counting
 * and no queue, and a full socket buffer drops the packet (counted) rather than queueing it late.
 */
public final class MediaSocket implements AutoCloseable {


    /** Room after a datagram for SRTP/SRTCP tags and indexes written in place. */
    public static final int SPARE = 64;
    /** Larger than any datagram a WebRTC peer sends (they keep under ~1200 bytes for the path MTU). */
    public static final int MAX_DATAGRAM = 1500;

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("sfu-media", true));
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM + SPARE];
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong sendsRefused = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong unreachablePeers = new AtomicLong();
    private final RateLimitedLog failureLog = new RateLimitedLog(LoggerFactory.getLogger(MediaSocket.class), Duration.ofSeconds(10));
    private Channel channel;
    private DatagramSink sink;
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM + SPARE);
    private java.nio.channels.DatagramChannel socket;

    /** Binds {@code host:port} (0 = any free port) and starts handing datagrams to {@code sink}. */
    public InetSocketAddress start(String host, int port, DatagramSink sink) throws InterruptedException, IOException {
        this.sink = sink;
        // Netty reads from this socket; the media thread also writes to it directly (see send).
        // An IPv4 socket for an IPv4 address: a dual-stack one sends every datagram through the IPv6 path first.
        java.nio.channels.DatagramChannel jdkSocket = InetAddress.getByName(host) instanceof Inet4Address
                ? java.nio.channels.DatagramChannel.open(StandardProtocolFamily.INET)
                : java.nio.channels.DatagramChannel.open();
        channel = new Bootstrap().group(group).channelFactory(() -> new NioDatagramChannel(jdkSocket))
                // Bursts of video key frames from several senders arrive together; a deep socket buffer rides them out.
                .option(ChannelOption.SO_RCVBUF, 8 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 8 * 1024 * 1024)
                .handler(new Reader())
                .bind(host, port).sync().channel();
        socket = jdkSocket;
        return (InetSocketAddress) channel.localAddress();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The media thread, for scheduling timers that touch media state. */
    public EventLoop loop() {
        return channel != null ? channel.eventLoop() : group.next();
    }

    public void execute(Runnable task) {
        loop().execute(task);
    }

    public void schedule(Runnable task, long delay, TimeUnit unit) {
        loop().schedule(task, delay, unit);
    }

    public boolean inLoop() {
        return loop().inEventLoop();
    }

    /** Sends {@code bytes[offset, offset+length)} to {@code to} now; on the media thread only. */
    public void send(byte[] bytes, int offset, int length, InetSocketAddress to) {
        if (!loop().inEventLoop()) {
            byte[] copy = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            execute(() -> send(copy, 0, copy.length, to));
            return;
        }
        sendBuffer.clear();
        sendBuffer.put(bytes, offset, length).flip();
        try {
            if (socket.send(sendBuffer, to) == 0) {
                // The kernel's send buffer is full: a late media packet is worth less than a fresh one.
                sendsRefused.incrementAndGet();
            }
        } catch (IOException e) {
            sendsRefused.incrementAndGet();
        }
    }

    public long oversizedDrops() {
        return oversized.get();
    }

    public long sendsRefused() {
        return sendsRefused.get();
    }

    /**
     * An exception on the media thread (a handler, a timer, a command): counted and logged with its
     * cause, at most one line per 10 s, and the thread carries on with the next datagram or task.
     */
    public void failed(String what, Throwable cause) {
        failures.incrementAndGet();
        failureLog.error("SFU media thread: " + what + " failed", cause);
    }

    /** Exceptions caught on the media thread since start (see {@link #failed}). */
    public long failures() {
        return failures.get();
    }

    /** ICMP port-unreachable reports since start: a peer that went away; not a failure. */
    public long unreachablePeers() {
        return unreachablePeers.get();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private final class Reader extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            if (length > MAX_DATAGRAM) {
                oversized.incrementAndGet();
                return;
            }
            content.getBytes(content.readerIndex(), receiveBuffer, 0, length);
            sink.onDatagram(receiveBuffer, length, packet.sender());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            sink.onBatchEnd();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // An ICMP port-unreachable from a departed browser surfaces here; it is no reason to stop
            // reading, nor news worth a log line. Anything else is a bug in the packet path.
            if (cause instanceof PortUnreachableException) {
                unreachablePeers.incrementAndGet();
            } else {
                failed("handling a datagram", cause);
            }
        }
    }
}
