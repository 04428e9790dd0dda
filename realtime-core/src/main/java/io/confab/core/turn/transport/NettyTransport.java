package io.confab.core.turn.transport;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.StandardSocketOptions;
import java.nio.channels.spi.SelectorProvider;

/**
 * The Netty transport the TURN server runs on: Linux's native epoll when its library loads (the
 * {@code netty-transport-native-epoll} linux-x86_64 jar), else the JDK's NIO. Both give every event
 * loop a UDP listener socket of its own on the one port through SO_REUSEPORT, so the kernel spreads
 * clients over the loops by their address; epoll is faster per packet and, given several datagrams
 * queued for one socket when it flushes, sends them in one {@code sendmmsg} call; it also reads up
 * to {@link #DATAGRAMS_PER_READ} datagrams in one {@code recvmmsg} call.
 *
 * @param name      "epoll" or "nio", for the start-up line and the metrics
 * @param reusePort the option that lets each loop bind its own socket on the listening port, or
 *                  null where the platform has none (one loop then reads the port for all)
 * @param udpSegmentation whether to send runs of equal-size datagrams to one address with UDP GSO
 *                  ({@link io.confab.core.udp.BurstWriter}) where the kernel offers it; only epoll can
 */
public record NettyTransport(String name, Class<? extends DatagramChannel> datagramChannel,
                             Class<? extends ServerSocketChannel> serverChannel, ChannelOption<Boolean> reusePort,
                             boolean udpSegmentation) {

    public static final NettyTransport EPOLL = new NettyTransport("epoll", EpollDatagramChannel.class,
            EpollServerSocketChannel.class, EpollChannelOption.SO_REUSEPORT, true);

    /** epoll sending each datagram on its own, as on a kernel without UDP GSO. */
    public static final NettyTransport EPOLL_WITHOUT_GSO = new NettyTransport("epoll", EpollDatagramChannel.class,
            EpollServerSocketChannel.class, EpollChannelOption.SO_REUSEPORT, false);

    public static final NettyTransport NIO = new NettyTransport("nio", NioDatagramChannel.class,
            NioServerSocketChannel.class, jdkReusePort(), false);

    /** Datagrams one {@code recvmmsg} call may return on epoll. */
    static final int DATAGRAMS_PER_READ = 16;
    /**
     * Each of them gets room for the largest UDP payload: a datagram longer than its slot would be
     * cut short without notice. The buffer is the loop's own, used again by each read (see LoopReadBuffer).
     */
    private static final int DATAGRAM_SLOT = 65535;

    /** epoll where it loads, else NIO. */
    public static NettyTransport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll did not load, for the start-up line that says NIO is used instead. */
    public static String epollUnavailable() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? "available" : cause.toString();
    }

    /**
     * Whether runs of datagrams leave as UDP GSO sends: asked for, on epoll, and offered by the
     * kernel ({@code UDP_SEGMENT}, Linux 4.18) and Netty's native library together with {@code sendmmsg}.
     */
    public boolean segmentsUdp() {
        return udpSegmentation && isEpoll() && SegmentedDatagramPacket.isSupported();
    }

    private boolean isEpoll() {
        return datagramChannel == EpollDatagramChannel.class;
    }

    EventLoopGroup eventLoops(int count) {
        DefaultThreadFactory threads = new DefaultThreadFactory("turn-loop");
        return isEpoll() ? new EpollEventLoopGroup(count, threads) : new NioEventLoopGroup(count, threads);
    }

    /** An unbound UDP socket for a relayed address, to be registered with a loop and bound there. */
    DatagramChannel newDatagramChannel(InternetProtocolFamily family) {
        return isEpoll() ? new EpollDatagramChannel(family) : new NioDatagramChannel(family);
    }

    /**
     * On epoll, reads up to {@link #DATAGRAMS_PER_READ} datagrams per system call ({@code recvmmsg})
     * into the loop's one receive buffer ({@link LoopReadBuffer}); NIO reads one.
     */
    void readInBatches(ChannelConfig config) {
        if (isEpoll()) {
            config.setOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_SLOT);
            config.setRecvByteBufAllocator(new LoopReadBuffer(DATAGRAM_SLOT * DATAGRAMS_PER_READ));
        }
    }

    private static ChannelOption<Boolean> jdkReusePort() {
        try (java.nio.channels.DatagramChannel probe = SelectorProvider.provider().openDatagramChannel()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)
                    ? NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
