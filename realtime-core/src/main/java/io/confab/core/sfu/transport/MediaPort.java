package io.confab.core.sfu.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SFU's one UDP port, shared by every participant (ICE-lite demultiplexes by ufrag, then by
 * 5-tuple). One event-loop thread reads, decrypts, forwards and encrypts: that thread owns all media
 * state, so the packet path has no locks. Other threads hand work to it with {@link #execute}.
 *
 * <p>Each datagram is copied once into a reusable array, because SRTP and the RTP rewriters work on
 * arrays in place; sends are queued and flushed at the end of each read batch, one syscall burst per
 * wake-up instead of one flush per packet.
 */
public final class MediaPort implements AutoCloseable {

    /** Room after a datagram for SRTP/SRTCP tags and indexes written in place. */
    public static final int SPARE = 64;
    /** Larger than any datagram a WebRTC peer sends (they keep under ~1200 bytes for the path MTU). */
    public static final int MAX_DATAGRAM = 1500;

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("sfu-media", true));
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM + SPARE];
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong sendsRefused = new AtomicLong();
    private Channel channel;
    private DatagramSink sink;
    private boolean pendingFlush;
    private int pendingBytes;
    private static final int FLUSH_BYTES = 256 * 1024;

    /** Binds {@code host:port} (0 = any free port) and starts handing datagrams to {@code sink}. */
    public InetSocketAddress start(String host, int port, DatagramSink sink) throws InterruptedException {
        this.sink = sink;
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                // Bursts of video key frames from several senders arrive together; a deep socket buffer rides them out.
                .option(ChannelOption.SO_RCVBUF, 8 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 8 * 1024 * 1024)
                // One read batch of key frames fanned out to many receivers queues megabytes before the
                // batch's flush; Netty's default 64 KiB mark would refuse most of them.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024 * 1024, 16 * 1024 * 1024))
                .handler(new Reader())
                .bind(host, port).sync().channel();
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

    /** Queues {@code bytes[offset, offset+length)} to {@code to}; call on the media thread. */
    public void send(byte[] bytes, int offset, int length, InetSocketAddress to) {
        if (!channel.isWritable()) {
            // The kernel buffer and Netty's queue are full: a late media packet is worth less than a fresh one.
            sendsRefused.incrementAndGet();
            return;
        }
        ByteBuf out = channel.alloc().directBuffer(length);
        out.writeBytes(bytes, offset, length);
        channel.write(new DatagramPacket(out, to), channel.voidPromise());
        pendingFlush = true;
        pendingBytes += length;
        if (pendingBytes >= FLUSH_BYTES) {
            // Keep the queue short inside a long batch: latency and memory stay bounded.
            flush();
        }
    }

    /** Sends what {@link #send} queued; the read loop does this itself after each batch. */
    public void flush() {
        if (pendingFlush) {
            pendingFlush = false;
            pendingBytes = 0;
            channel.flush();
        }
    }

    public long oversizedDrops() {
        return oversized.get();
    }

    public long sendsRefused() {
        return sendsRefused.get();
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
            flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // An ICMP port-unreachable from a departed browser surfaces here; it is no reason to stop reading.
        }
    }
}
