package io.confab.core.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What one UDP socket of an event loop sends during one round of the loop, coalesced into UDP GSO
 * sends (Linux's {@code UDP_SEGMENT}, Netty epoll's {@link SegmentedDatagramPacket}): consecutive
 * datagrams to one address, all of one size but the last, which may be shorter, are written into
 * one buffer that the kernel cuts into datagrams, one trip through the socket layer and the IP
 * stack instead of one each. A TURN relay socket hears its peer in bursts and sends them all to its
 * client's one address, and a client's burst of ChannelData goes to its one bound peer; the SFU's
 * media socket hands its flush's copies over grouped by receiver, where a video frame's packets to
 * one receiver make such runs. The receiver gets ordinary datagrams; nothing on the wire says they
 * were sent together.
 *
 * <p>Datagrams to one address leave in the order they were written: a run is sealed (queued on the
 * socket) before anything else is, and the socket sends what is queued in order. Without GSO (NIO,
 * a kernel without {@code UDP_SEGMENT}) each datagram gets a buffer of its own and, on epoll, the
 * round's datagrams still leave in one {@code sendmmsg}. Should the kernel refuse a GSO send (a path
 * whose MTU is below the datagram size, an IPsec route, a device without checksum offload), its
 * datagrams are sent one by one and this socket sends without GSO from then on. The refusal comes
 * whenever Netty's write loop reaches that send in the socket's queue, the first GSO send of the
 * socket or a later one, with whatever was written after it still queued behind it; queued again,
 * its datagrams would leave after those, so they are sent then and there, straight on the socket,
 * before the loop goes on: each address keeps its order whenever the refusal comes.
 *
 * <p>A send the kernel does not take because the socket's send buffer is full ({@code EAGAIN}) is
 * not a refusal of GSO: Netty keeps it, and everything after it, queued to try again once the socket
 * turns writable. A caller that forwards real-time media drops them instead ({@link #dropUnsent()}):
 * by the time the buffer drains they are late, and sent then they would delay the fresher datagrams
 * behind them. A dropped GSO send's promise fails with {@link SendBufferFull}, so nobody waiting on
 * it takes its datagrams for sent.
 *
 * <p>Not thread-safe: used on its socket's event loop only.
 */
public final class BurstWriter {

    /**
     * Datagrams one GSO send may carry. Linux's UDP_MAX_SEGMENTS is 64 (128 since 6.10); a burst
     * also ends at its buffer's end, {@link #SEGMENTS_PER_BUFFER} datagrams.
     */
    public static final int MAX_SEGMENTS = 64;
    /** One {@code recvmmsg} call's worth (16 datagrams): the most a socket hands one round from one sender. */
    public static final int SEGMENTS_PER_BUFFER = 16;
    /**
     * The largest datagram coalesced: each segment must fit the route's MTU with its headers (the
     * kernel refuses the send otherwise), and 1,452 bytes do on Ethernet with IPv6 and UDP headers.
     * Larger ones go alone, as before, and may be fragmented by IP.
     */
    public static final int MAX_SEGMENT_SIZE = 1452;

    private final Channel channel;
    /** The promise of every plain send (see the constructor). */
    private final ChannelPromise plainSends;
    private final Consumer<Throwable> segmentationRefused;
    private final boolean reportFailedSends;
    private boolean segmentation;
    private ByteBuf burst;
    private InetSocketAddress to;
    private int segmentSize;
    private int segments;
    /** The open run's last datagram was shorter than the others: the run takes no more. */
    private boolean ended;
    private boolean queued;
    private final LongAdder segmentedSends;

    /**
     * As {@link #BurstWriter(Channel, boolean, boolean, LongAdder, Consumer)}, a send the kernel refuses
     * being lost like one lost on the way, with no promise object per datagram.
     */
    public BurstWriter(Channel channel, boolean segmentation, LongAdder segmentedSends, Consumer<Throwable> segmentationRefused) {
        this(channel, segmentation, false, segmentedSends, segmentationRefused);
    }

    /**
     * @param segmentation        whether to send with GSO (epoll, and {@link SegmentedDatagramPacket#isSupported()})
     * @param reportFailedSends   a plain send the kernel refuses is reported to the channel's pipeline
     *                            ({@code exceptionCaught}) rather than lost silently
     * @param segmentedSends      counts the GSO sends (each of two datagrams or more)
     * @param segmentationRefused told once when the kernel refuses a GSO send on this socket
     */
    public BurstWriter(Channel channel, boolean segmentation, boolean reportFailedSends, LongAdder segmentedSends,
                       Consumer<Throwable> segmentationRefused) {
        this.channel = channel;
        this.segmentedSends = segmentedSends;
        this.plainSends = new VoidChannelPromise(channel, reportFailedSends);
        this.reportFailedSends = reportFailedSends;
        this.segmentation = segmentation;
        this.segmentationRefused = segmentationRefused;
    }

    public Channel channel() {
        return channel;
    }

    /** Whether runs still leave as GSO sends: asked for, and not refused by the kernel since. */
    public boolean segmenting() {
        return segmentation;
    }

    /**
     * Whether a datagram of {@code length} bytes joins a run of {@code segments} datagrams of
     * {@code segmentSize} bytes ({@code ended}: its last was shorter, so it takes no more); a run
     * starts with any datagram of 1 to {@link #MAX_SEGMENT_SIZE} bytes. The one rule of what GSO may
     * send as one, for callers that plan their runs before writing them.
     */
    public static boolean joinsRun(int segmentSize, int segments, boolean ended, int length) {
        return !ended && length > 0 && length <= segmentSize && segments < Math.min(MAX_SEGMENTS, SEGMENTS_PER_BUFFER);
    }

    /** Whether a datagram of {@code length} bytes may begin a GSO run. */
    public static boolean startsRun(int length) {
        return length > 0 && length <= MAX_SEGMENT_SIZE;
    }

    /**
     * A buffer with room for one more datagram of {@code length} bytes to {@code to}: the caller
     * writes exactly {@code length} bytes into it, then reads nothing back. The datagram joins the
     * open run when it can, else the run is sealed and a new one starts, in a buffer with room for
     * {@link #SEGMENTS_PER_BUFFER} datagrams of this length (how long the run grows is not known).
     */
    public ByteBuf next(InetSocketAddress to, int length) {
        return next(to, length, length * SEGMENTS_PER_BUFFER);
    }

    /**
     * As {@link #next(InetSocketAddress, int)}, for a caller that has planned its run ({@link #joinsRun}):
     * should this datagram start a run, the run's buffer holds {@code runBytes}, the bytes of the
     * whole run, this datagram's included, and no more.
     */
    public ByteBuf next(InetSocketAddress to, int length, int runBytes) {
        if (burst != null) {
            if (segmentation && joinsRun(segmentSize, segments, ended, length) && burst.writableBytes() >= length
                    && to.equals(this.to)) {
                segments++;
                ended = length < segmentSize;
                return burst;
            }
            seal();
        }
        int capacity = segmentation && startsRun(length) ? Math.max(length, runBytes) : length;
        burst = channel.alloc().directBuffer(capacity, capacity);
        this.to = to;
        segmentSize = length;
        segments = 1;
        ended = false;
        return burst;
    }

    /**
     * Queues a run the caller gathered itself, {@code data} holding its datagrams end to end (each of
     * {@code segmentSize} bytes but the last, which may be shorter; two or more, planned with
     * {@link #joinsRun}), as one GSO send after what is open. For use while {@link #segmenting()}.
     * Takes ownership of {@code data}. The future fails with {@link SendBufferFull} should the send
     * be dropped by {@link #dropUnsent()}, with another cause only if the kernel refused GSO and the
     * datagrams could not be sent one by one either.
     */
    public ChannelFuture run(ByteBuf data, int segmentSize, InetSocketAddress to) {
        if (burst != null) {
            seal();
        }
        return segmented(data, segmentSize, to);
    }

    /** Queues a datagram made elsewhere, as one of its own, after what is open. Takes ownership of {@code datagram}. */
    public void single(ByteBuf datagram, InetSocketAddress to) {
        if (burst != null) {
            seal();
        }
        channel.write(new DatagramPacket(datagram, to), plainSends);
    }

    /**
     * Whether this socket already waits for the loop's end-of-round flush; marks it as waiting, so
     * the loop lists each socket once.
     */
    public boolean queue() {
        boolean was = queued;
        queued = true;
        return was;
    }

    /** Seals the open run and sends everything queued on the socket. */
    public void flush() {
        queued = false;
        if (burst != null) {
            seal();
        }
        channel.flush();
    }

    private void seal() {
        ByteBuf data = burst;
        burst = null;
        if (segments == 1) {
            channel.write(new DatagramPacket(data, to), plainSends);
            return;
        }
        segmented(data, segmentSize, to);
    }

    /**
     * Drops what the last {@link #flush()} left queued on the socket because the kernel's send buffer
     * was full (Netty's write loop stops at the first send the kernel does not take and keeps the rest
     * to try again when the socket turns writable): each GSO send's promise fails with
     * {@link SendBufferFull#INSTANCE}, a plain send's (a void promise nobody waits on) is simply
     * completed. Returns the datagrams dropped, GSO sends counted by their datagrams, for the caller
     * to count under its drop reason. Call right after {@link #flush()}, on the socket's event loop.
     */
    public int dropUnsent() {
        ChannelOutboundBuffer left = channel.unsafe().outboundBuffer();
        if (left == null) {
            return 0;
        }
        int dropped = 0;
        Object datagram;
        while ((datagram = left.current()) != null) {
            if (datagram instanceof SegmentedDatagramPacket run) {
                dropped += (run.content().readableBytes() + run.segmentSize() - 1) / run.segmentSize();
                left.remove(SendBufferFull.INSTANCE);
            } else {
                dropped++;
                left.remove();
            }
        }
        return dropped;
    }

    private ChannelFuture segmented(ByteBuf data, int size, InetSocketAddress recipient) {
        segmentedSends.increment();
        // Kept until the send is known, to send the datagrams one by one should the kernel refuse it.
        data.retain();
        ChannelFuture sent = channel.write(new SegmentedDatagramPacket(data, size, recipient));
        if (sent.isDone()) {
            settle(sent, data, size, recipient, false);
        } else {
            sent.addListener(done -> settle(done, data, size, recipient, true));
        }
        return sent;
    }

    /**
     * A GSO send is known: gone, or refused. {@code inWriteLoop}: it was settled by Netty's write loop,
     * which goes on with what is queued after it once this returns; else at the write itself, before
     * anything after it was written.
     */
    private void settle(Future<?> done, ByteBuf data, int size, InetSocketAddress recipient, boolean inWriteLoop) {
        try {
            if (done.isSuccess() || !channel.isOpen() || done.cause() instanceof SendBufferFull) {
                // Sent; or dropped with the socket's buffer full, which says nothing about GSO.
                return;
            }
            if (segmentation) {
                segmentation = false;
                segmentationRefused.accept(done.cause());
            }
            if (inWriteLoop && channel instanceof EpollDatagramChannel epoll) {
                sendEachNow((Socket) epoll.fd(), data, size, recipient);
                return;
            }
            // Nothing written after it is queued yet: queued now, they take its place.
            while (data.isReadable()) {
                channel.write(new DatagramPacket(data.readRetainedSlice(Math.min(size, data.readableBytes())), recipient),
                        plainSends);
            }
        } finally {
            data.release();
        }
    }

    /**
     * Sends the run's datagrams one by one on the socket itself, ahead of everything still queued on
     * the channel. One the kernel does not take (its send buffer full, an error) is lost as a queued
     * send the kernel refuses would be: reported to the pipeline when asked for, never retried later.
     */
    private void sendEachNow(Socket socket, ByteBuf data, int size, InetSocketAddress recipient) {
        InetAddress address = recipient.getAddress();
        int port = recipient.getPort();
        for (int at = data.readerIndex(), end = data.writerIndex(); at < end; at += size) {
            int length = Math.min(size, end - at);
            try {
                int sent;
                if (data.hasMemoryAddress()) {
                    sent = socket.sendToAddress(data.memoryAddress(), at, at + length, address, port);
                } else {
                    ByteBuffer datagram = data.internalNioBuffer(at, length);
                    sent = socket.sendTo(datagram, datagram.position(), datagram.limit(), address, port);
                }
                if (sent == 0 && reportFailedSends) {
                    channel.pipeline().fireExceptionCaught(new IOException("the socket's send buffer is full: a datagram of "
                            + length + " bytes to " + recipient + ", sent again after a refused GSO send, was dropped"));
                }
            } catch (IOException e) {
                if (reportFailedSends) {
                    channel.pipeline().fireExceptionCaught(e);
                }
            }
        }
    }
}
