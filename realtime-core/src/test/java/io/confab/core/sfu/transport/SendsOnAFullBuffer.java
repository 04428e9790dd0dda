package io.confab.core.sfu.transport;

import io.confab.core.udp.BurstWriter;
import io.confab.core.udp.SendBufferFull;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The far side of {@link MediaSocketFullSendBufferTest}: run in a network namespace of its own whose
 * loopback device drains at 8 kbit/s (a token-bucket queue), so the datagrams a socket sends wait in
 * that queue, still charged to the socket, and its send buffer fills within a few sends and the kernel
 * answers {@code EAGAIN}, as a real send buffer overflows when the uplink cannot keep up. Sends one
 * flush of GSO runs through a {@link BurstWriter} and one flush of copies through a {@link MediaSocket},
 * and prints what became of them as {@code key=value} lines for the test to check.
 */
public final class SendsOnAFullBuffer {

    static final int RUNS = 100;
    static final int SEGMENTS = 16;
    static final int SIZE = 1200;
    static final int COPIES = 1000;
    /** Doubled by the kernel: about seven 19,200-byte GSO sends fill it. */
    private static final int SEND_BUFFER = 64 * 1024;

    private SendsOnAFullBuffer() {
    }

    public static void main(String[] args) throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.getLocalPort());
            burstWriter(to);
            mediaSocket(to);
        }
    }

    private static void burstWriter(InetSocketAddress to) throws Exception {
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try {
            Channel socket = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                    .option(ChannelOption.SO_SNDBUF, SEND_BUFFER).handler(new ChannelInboundHandlerAdapter())
                    .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            List<Throwable> refusals = new ArrayList<>();
            BurstWriter writer = new BurstWriter(socket, true, true, new LongAdder(), refusals::add);
            List<ChannelFuture> runs = new ArrayList<>();
            int dropped = socket.eventLoop().submit(() -> {
                for (int i = 0; i < RUNS; i++) {
                    ByteBuf run = socket.alloc().directBuffer(SEGMENTS * SIZE);
                    run.writeZero(SEGMENTS * SIZE);
                    runs.add(writer.run(run, SIZE, to));
                }
                writer.flush();
                return writer.dropUnsent();
            }).get(10, TimeUnit.SECONDS);
            int sent = 0;
            int droppedRuns = 0;
            int otherwise = 0;
            for (ChannelFuture run : runs) {
                run.await(10, TimeUnit.SECONDS);
                if (run.isSuccess()) {
                    sent++;
                } else if (run.cause() instanceof SendBufferFull) {
                    droppedRuns++;
                } else {
                    otherwise++;
                }
            }
            System.out.println("writer.runsSent=" + sent);
            System.out.println("writer.runsFailedSendBufferFull=" + droppedRuns);
            System.out.println("writer.runsFailedOtherwise=" + otherwise);
            System.out.println("writer.datagramsDropped=" + dropped);
            System.out.println("writer.segmenting=" + writer.segmenting());
            System.out.println("writer.refusals=" + refusals.size());
            System.out.println("writer.queuedAfter=" + socket.eventLoop().submit(() -> socket.unsafe().outboundBuffer().size()).get());
            socket.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void mediaSocket(InetSocketAddress to) throws Exception {
        try (MediaSocket port = new MediaSocket(true, true)) {
            port.start("127.0.0.1", 0, (buffer, length, from) -> { });
            port.channel().config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER);
            byte[] copy = new byte[SIZE];
            // One task, so every copy waits for the same flush at the end of the loop's round.
            port.loop().submit(() -> {
                for (int i = 0; i < COPIES; i++) {
                    port.send(copy, 0, SIZE, to);
                }
            }).get(10, TimeUnit.SECONDS);
            port.loop().submit(() -> { }).get(10, TimeUnit.SECONDS);
            System.out.println("port.datagramsSent=" + port.datagramsSent());
            System.out.println("port.sendsRefused=" + port.sendsRefused());
            System.out.println("port.segmentationRefusals=" + port.segmentationRefusals());
            System.out.println("port.udpSegmentation=" + port.udpSegmentation());
            System.out.println("port.failures=" + port.failures());
        }
    }
}
