package io.confab.core.sfu.transport;

import io.confab.core.udp.BurstWriter;
import io.confab.storage.logging.RateLimitedLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One UDP port of the SFU, shared by every participant of the meetings on its media thread
 * (ICE-lite demultiplexes by ufrag, then by 5-tuple). One event-loop thread reads, decrypts,
 * forwards and encrypts: that thread owns the media state of its meetings, so the packet path has
 * no locks. Other threads hand work to it with {@link #execute}.
 *
 * <p>Each datagram is copied once into a reusable array, because SRTP and the RTP rewriters work on
 * arrays in place.
 *
 * <p>On Linux's native epoll (the {@code netty-transport-native-epoll} linux-x86_64 jar, as the TURN
 * server uses) the port reads up to {@link #DATAGRAMS_PER_READ} datagrams per {@code recvmmsg}, and
 * sends are <em>batched</em>: each copy is written, end to end with the others of its flush, into one
 * direct buffer the port keeps ({@link FlushQueue}), and the queue is flushed after the datagram that brought it to {@link #SENDS_PER_FLUSH}
 * kernel sends or {@link #COPIES_PER_FLUSH} copies, at the end
 * of the read batch (one {@code recvmmsg}), or, for sends from timers and commands, at the end of
 * the event loop's round, so a forwarded packet's copies to all its receivers, with those of the
 * datagrams read beside it, leave in one {@code sendmmsg} call instead of one {@code sendto} each.
 * At the flush the copies are handed over grouped by receiver, and where the kernel offers UDP GSO
 * ({@code UDP_SEGMENT}) a receiver's consecutive copies of one size (the last may be shorter) leave
 * as one GSO send ({@link BurstWriter}, the TURN server's writer): one trip through the socket layer
 * and the IP stack for the run instead of one per copy. Each receiver's copies keep their order.
 * Whatever the kernel did not take in that flush (a full socket buffer) is dropped and counted, not
 * kept for later: a late media packet is worth less than a fresh one.
 *
 * <p>Where epoll does not load, the port runs on the JDK's NIO and each datagram leaves at once in its
 * own {@code sendto} from one reused direct buffer (no queue, no allocation).
 */
public final class MediaSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSocket.class);
    /** Room after a datagram for SRTP/SRTCP tags and indexes written in place. */
    public static final int SPARE = 64;
    /** Larger than any datagram a WebRTC peer sends (they keep under ~1200 bytes for the path MTU). */
    public static final int MAX_DATAGRAM = 1500;
    /** Datagrams one {@code recvmmsg} call may return on epoll; TURN reads as many. */
    static final int DATAGRAMS_PER_READ = 16;
    /**
     * Kernel sends (GSO runs and lone copies, {@link FlushQueue#sends()}) that, once queued, are
     * flushed at the end of the datagram that queued the last of them, without waiting for the end of
     * the read batch. Netty's epoll read loop already ends its batch after one {@code recvmmsg} (the
     * fixed allocator reads one message round per read event), but that round holds up to 16
     * datagrams, and a copy waits for the fan-out of every datagram after its own plus the kernel's
     * work on every send before it: 16 datagrams to 13 receivers are 208 copies, about 2 ms at 10 µs
     * a copy, which the bench showed as a p50 of 0.5-1.5 ms (branch {@code sfuflush}, which then
     * flushed at 32 copies). The kernel's work follows the sends more than the copies: on loopback, a
     * copy inside a GSO run of six costs the sending thread about 1.6 µs and a lone copy 3.3-3.7 µs
     * (2026-12-05, {@code sfu35}: 13 receivers, 1,210-byte copies, 3,000 flushes of 78 copies, thread
     * CPU time). Counted in copies, a video frame of five or six packets was cut after the third, so
     * each receiver's runs were two or three long; counted in sends, a frame's fan-out is one send per
     * receiver and leaves as one run each. Without GSO every copy is a send, and this is the old rule
     * of 32 copies. A packet's copies are never split: the check runs only between datagrams.
     */
    static final int SENDS_PER_FLUSH = 32;
    /**
     * Copies that are flushed however few sends they make, so the first copy of a long batch of
     * same-size packets (a key frame) never waits for more than about 96 others to be written (about
     * 0.3 ms of the media thread's Java work at 3 µs a copy), whatever their runs.
     */
    static final int COPIES_PER_FLUSH = 96;
    /**
     * One more byte than the largest datagram we accept: the kernel cuts a longer datagram to its
     * slot without telling, so a full slot is how an oversized datagram shows itself.
     */
    private static final int DATAGRAM_SLOT = MAX_DATAGRAM + 1;

    private final boolean batched;
    private final EventLoopGroup group;
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM + SPARE];
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong sendsRefused = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final LongAdder segmentedSends = new LongAdder();
    private final AtomicLong segmentationRefusals = new AtomicLong();
    /** UDP GSO asked for (where the kernel offers it); the writer may have turned it off since. */
    private final boolean segmentation;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong unreachablePeers = new AtomicLong();
    private final RateLimitedLog failureLog = new RateLimitedLog(LoggerFactory.getLogger(MediaSocket.class), Duration.ofSeconds(10));
    private final Runnable flushTask = () -> {
        flushScheduled = false;
        flush();
    };
    private Channel channel;
    private DatagramSink sink;
    /** The copies waiting for the flush (media thread only); null on NIO, and once closed. */
    private FlushQueue queue;
    /** What hands the flush's copies to the channel: plain datagrams and GSO runs. */
    private BurstWriter writer;
    /** A flush task waits in the loop's queue (media thread only): one per round is enough, however often the reader flushed meanwhile. */
    private boolean flushScheduled;
    // The NIO path: the media thread writes each datagram straight to the JDK socket.
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM + SPARE);
    private java.nio.channels.DatagramChannel socket;

    /** On epoll where it loads (batched sends, UDP GSO where the kernel offers it), else on NIO. */
    public MediaSocket() {
        this("sfu-media", true);
    }

    /**
     * On epoll where it loads, else on NIO; the thread is named {@code threadName} (a thread dump tells
     * media threads apart).
     *
     * @param segmentation send runs of copies to one receiver as UDP GSO sends where the kernel offers it
     */
    public MediaSocket(String threadName, boolean segmentation) {
        this(Epoll.isAvailable(), segmentation, threadName);
    }

    /** @param batched true for epoll with batched sends and UDP GSO where offered (Linux only), false for NIO with one send per datagram */
    public MediaSocket(boolean batched) {
        this(batched, true, "sfu-media");
    }

    /** @param segmentation with batched sends, whether runs to one receiver leave as UDP GSO sends where the kernel offers it */
    public MediaSocket(boolean batched, boolean segmentation) {
        this(batched, segmentation, "sfu-media");
    }

    private MediaSocket(boolean batched, boolean segmentation, String threadName) {
        if (batched && !Epoll.isAvailable()) {
            throw new IllegalStateException("batched sends need Netty's native epoll, which did not load: " + Epoll.unavailabilityCause());
        }
        this.batched = batched;
        this.segmentation = batched && segmentation;
        DefaultThreadFactory thread = new DefaultThreadFactory(threadName, true);
        this.group = batched ? new EpollEventLoopGroup(1, thread) : new NioEventLoopGroup(1, thread);
    }

    /** Binds {@code host:port} (0 = any free port) and starts handing datagrams to {@code sink}. */
    public InetSocketAddress start(String host, int port, DatagramSink sink) throws InterruptedException, IOException {
        this.sink = sink;
        // An IPv4 socket for an IPv4 address: a dual-stack one sends every datagram through the IPv6 path first.
        boolean ipv4 = InetAddress.getByName(host) instanceof Inet4Address;
        Bootstrap bootstrap = new Bootstrap().group(group)
                // Bursts of video key frames from several senders arrive together; a deep socket buffer rides them out.
                .option(ChannelOption.SO_RCVBUF, 8 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 8 * 1024 * 1024)
                .handler(new Reader());
        if (batched) {
            bootstrap.channelFactory(() -> new EpollDatagramChannel(ipv4 ? InternetProtocolFamily.IPv4 : InternetProtocolFamily.IPv6))
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_SLOT)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_SLOT * DATAGRAMS_PER_READ))
                    // A round's copies are queued until its flush (hundreds of kilobytes in a big meeting); the
                    // default 64 KiB mark would report the channel unwritable every round for no purpose.
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024 * 1024, 64 * 1024 * 1024));
            channel = bootstrap.bind(host, port).sync().channel();
        } else {
            // Netty reads from this socket; the media thread also writes to it directly (see send).
            java.nio.channels.DatagramChannel jdkSocket = ipv4
                    ? java.nio.channels.DatagramChannel.open(StandardProtocolFamily.INET)
                    : java.nio.channels.DatagramChannel.open();
            channel = bootstrap.channelFactory(() -> new NioDatagramChannel(jdkSocket)).bind(host, port).sync().channel();
            socket = jdkSocket;
        }
        return (InetSocketAddress) channel.localAddress();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** True when sends wait in a queue for the flush at the end of the read batch or loop round (epoll). */
    public boolean batched() {
        return batched;
    }

    /** "epoll" (batched sends) or "nio" (one send per datagram), for the statistics. */
    public String transportName() {
        return batched ? "epoll" : "nio";
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

    /**
     * Sends {@code bytes[offset, offset+length)} to {@code to}; on the media thread only (from another
     * thread the bytes are copied and the send handed to it). With batched sends the datagram is
     * queued and leaves with the rest of its read batch or loop round; the array is free on return.
     */
    public void send(byte[] bytes, int offset, int length, InetSocketAddress to) {
        if (!loop().inEventLoop()) {
            byte[] copy = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            execute(() -> send(copy, 0, copy.length, to));
            return;
        }
        if (batched) {
            queue(bytes, offset, length, to);
            return;
        }
        sendBuffer.clear();
        sendBuffer.put(bytes, offset, length).flip();
        try {
            if (socket.send(sendBuffer, to) == 0) {
                // The kernel's send buffer is full: a late media packet is worth less than a fresh one.
                sendsRefused.incrementAndGet();
            } else {
                sent.incrementAndGet();
            }
        } catch (IOException e) {
            sendsRefused.incrementAndGet();
        }
    }

    private void queue(byte[] bytes, int offset, int length, InetSocketAddress to) {
        if (queue == null) {
            // Closed: the buffers are given back and the channel will not send.
            sendsRefused.incrementAndGet();
            return;
        }
        queue.add(bytes, offset, length, to);
        if (!flushScheduled) {
            // Tasks run after the round's I/O: a send from a timer or a command leaves with the others
            // of its round; a read batch's sends are flushed sooner, once SENDS_PER_FLUSH wait or at
            // the batch's end (Reader).
            flushScheduled = true;
            loop().execute(flushTask);
        }
    }

    /** The kernel refused a GSO send: the writer sent its copies one by one and sends no GSO from now on. */
    private void segmentationRefused(Throwable cause) {
        if (segmentationRefusals.incrementAndGet() == 1) {
            LOG.warn("SFU media socket {} sends without UDP GSO from now on: the kernel refused a GSO send ({})",
                    channel.localAddress(), cause.toString());
        }
    }

    /**
     * Hands every queued datagram to the kernel: on epoll several at a time through {@code sendmmsg}.
     * What the kernel refused (its send buffer full) is dropped and counted rather than kept, so no
     * datagram ever leaves later than the round it was made in.
     */
    private void flush() {
        if (queue == null || queue.size() == 0) {
            return;
        }
        int queued = queue.size();
        flushes.incrementAndGet();
        queue.writeTo(writer);
        writer.flush();
        // What the kernel did not take (its send buffer full) is dropped, not kept for the socket's
        // next writable event: a GSO run's promise fails, so its copies are not taken for sent.
        int dropped = writer.dropUnsent();
        if (dropped > 0) {
            sendsRefused.addAndGet(dropped);
        }
        sent.addAndGet(queued - dropped);
        queue.clear();
        sink.onFlushed();
    }

    public long oversizedDrops() {
        return oversized.get();
    }

    /** Datagrams the kernel would not take (send buffer full, or an error), dropped and not retried. */
    public long sendsRefused() {
        return sendsRefused.get();
    }

    /** Datagrams handed to the kernel since start. */
    public long datagramsSent() {
        return sent.get();
    }

    /**
     * Flushes that handed datagrams to the kernel since start; with batched sends each is one
     * {@code sendmmsg} call for up to 1,024 datagrams (one {@code sendto} when it carries one), so
     * {@link #datagramsSent()} over this is the batch size. Without batching it stays 0.
     */
    public long sendBatches() {
        return flushes.get();
    }

    /**
     * Copies queued for a receiver that already had one in the same flush, since start (batched sends
     * only): what UDP GSO could merge if the sizes matched.
     */
    public long sameReceiverCopies() {
        return queue == null ? 0 : queue.sameReceiverCopies();
    }

    /** Of {@link #sameReceiverCopies()}, those the same size as that receiver's previous copy in the flush (GSO's condition). */
    public long sameReceiverSameSizeCopies() {
        return queue == null ? 0 : queue.sameReceiverSameSizeCopies();
    }

    /** Whether runs of copies to one receiver leave as UDP GSO sends now: asked for, offered by the kernel, never refused since. */
    public boolean udpSegmentation() {
        return writer != null && writer.segmenting();
    }

    /** UDP GSO sends since start, each of two copies or more. */
    public long segmentedSends() {
        return segmentedSends.sum();
    }

    /** Copies that left inside a UDP GSO send since start (resent one by one if the kernel refused it). */
    public long segmentedCopies() {
        return queue == null ? 0 : queue.segmentedCopies();
    }

    /** GSO sends the kernel refused (the socket then sends without GSO): 0 or 1. */
    public long segmentationRefusals() {
        return segmentationRefusals.get();
    }

    /** The socket, for a test that sets an option on it. */
    Channel channel() {
        return channel;
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
            if (queue != null) {
                // The flush buffers are the media thread's: given back there, after whatever it still runs.
                if (channel.eventLoop().inEventLoop()) {
                    releaseFlushBuffers();
                } else {
                    channel.eventLoop().submit(this::releaseFlushBuffers).awaitUninterruptibly(2, TimeUnit.SECONDS);
                }
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private void releaseFlushBuffers() {
        if (queue != null) {
            queue.release();
            queue = null;
        }
    }

    private final class Reader extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // On the media thread, at registration, before the first datagram: the queue is its own.
            if (batched) {
                queue = new FlushQueue(ctx.alloc());
                writer = new BurstWriter(ctx.channel(), segmentation && SegmentedDatagramPacket.isSupported(), true, segmentedSends,
                        MediaSocket.this::segmentationRefused);
            }
        }

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
            if (batched && queue != null && (queue.size() >= COPIES_PER_FLUSH
                    || (writer.segmenting() ? queue.sends() : queue.size()) >= SENDS_PER_FLUSH)) {
                // Netty reads the whole round out of its receive array before it hands the first
                // datagram on, so a flush here cannot disturb the read.
                flush();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            sink.onBatchEnd();
            if (batched) {
                flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // An ICMP port-unreachable from a departed browser surfaces here; it is no reason to stop
            // reading, nor news worth a log line. A send the kernel refused with an error (batched sends
            // report theirs here) is a dropped datagram, counted as such. Anything else is a bug in the
            // packet path.
            if (cause instanceof PortUnreachableException) {
                unreachablePeers.incrementAndGet();
            } else if (batched && cause instanceof IOException) {
                sendsRefused.incrementAndGet();
            } else {
                failed("handling a datagram", cause);
            }
        }
    }
}
