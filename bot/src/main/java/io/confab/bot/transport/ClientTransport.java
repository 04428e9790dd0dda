package io.confab.bot.transport;

import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.sfu.dtls.DtlsHandshakeResult;
import io.confab.core.sfu.dtls.DtlsParameters;
import io.confab.core.sfu.dtls.DtlsRole;
import io.confab.core.sfu.dtls.DtlsSession;
import io.confab.core.sfu.dtls.Fingerprint;
import io.confab.core.sfu.ice.IceCredentials;
import io.confab.core.sfu.rtp.DatagramKind;
import io.confab.core.sfu.srtp.DtlsSrtpKeys;
import io.confab.core.sfu.srtp.InboundSrtpSession;
import io.confab.core.sfu.srtp.OutboundSrtpSession;
import io.confab.core.sfu.srtp.SrtpFailure;
import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The browser's side of one connection to the SFU, in Java: a UDP socket, ICE as the controlling
 * agent against the SFU's ICE-lite (checks with USE-CANDIDATE, then consent every 2 s), DTLS as the
 * client with the realtime-core code the SFU runs as server, and SRTP both ways. One reader thread
 * per connection; sends may come from any thread (serialized here).
 *
 * <p>The reader does not block on the socket: it drains what is queued, then sleeps
 * {@link #RECEIVE_POLL_NANOS}. A thread blocked in {@code recv} has to be woken for every datagram,
 * and on loopback that wake-up (an inter-processor interrupt on a VM) is done inside the
 * <em>sender's</em> {@code sendto}: with blocking bots a third of the SFU's measured CPU was the
 * bots' wake-ups. Reading every millisecond costs the bots less too, and a browser on a real
 * network is woken by its own NIC, not by the SFU.
 */
public final class ClientTransport implements AutoCloseable {

    /** What arrives, decrypted, on the reader thread. */
    public interface Receiver {
        void onRtp(byte[] packet, int length);

        void onRtcp(byte[] packet, int length);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long the reader sleeps when the socket is empty: far below any media frame interval. */
    static final long RECEIVE_POLL_NANOS = 1_000_000L;

    private final String name;
    private final IceCredentials local = IceCredentials.random();
    private final DtlsCertificate certificate;
    private final DatagramChannel channel;
    private final ExecutorService dtlsThread;
    private final ScheduledExecutorService timers;
    private final CompletableFuture<Void> secure = new CompletableFuture<>();
    private final long tieBreaker = RANDOM.nextLong();
    private final AtomicLong srtpFailures = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendsRefused = new AtomicLong();
    private final AtomicLong socketErrors = new AtomicLong();
    private final AtomicLong unreadableDatagrams = new AtomicLong();
    private final Object sendLock = new Object();
    private final byte[] sendBuffer = new byte[1600];
    private volatile Receiver receiver;
    private volatile InetSocketAddress remoteAddress;
    private volatile String remoteUfrag;
    private volatile String remotePassword;
    private volatile boolean iceConnected;
    private volatile boolean closed;
    private DtlsSession dtls;
    private volatile InboundSrtpSession inbound;
    private volatile OutboundSrtpSession outbound;
    private Thread reader;

    public ClientTransport(String name, DtlsCertificate certificate) throws IOException {
        this.name = name;
        this.certificate = certificate;
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        // A millisecond of a 20 Mbit/s downlink is 2.5 KB; deep buffers keep key-frame bursts whole.
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 2 * 1024 * 1024);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 1024 * 1024);
        this.dtlsThread = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-dtls"));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-ice"));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    public IceCredentials local() {
        return local;
    }

    public Fingerprint fingerprint() {
        return certificate.fingerprint();
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Connects to the SFU's candidate with what its SDP said: ICE checks until one succeeds, then
     * the DTLS handshake as client (the SFU answered or asked for "passive"). Returns when SRTP
     * keys exist, or fails after {@code timeout}.
     */
    public CompletableFuture<Void> connect(InetSocketAddress sfu, String sfuUfrag, String sfuPassword, Fingerprint sfuFingerprint,
                                           Duration timeout, Receiver receiver) {
        this.receiver = receiver;
        this.remoteAddress = sfu;
        this.remoteUfrag = sfuUfrag;
        this.remotePassword = sfuPassword;
        reader = daemon(this::read, name + "-reader");
        reader.start();
        dtls = new DtlsSession(new DtlsParameters(DtlsRole.CLIENT, certificate, sfuFingerprint, DtlsParameters.WEBRTC_PROFILES,
                timeout), this::sendRaw, dtlsThread);
        dtls.handshake().whenComplete((result, failure) -> {
            if (failure != null) {
                secure.completeExceptionally(failure);
            } else {
                keys(result);
            }
        });
        timers.scheduleAtFixedRate(this::check, 0, 50, TimeUnit.MILLISECONDS);
        timers.schedule(() -> secure.completeExceptionally(
                new IllegalStateException(name + ": no ICE/DTLS connection to " + sfu + " within " + timeout.toSeconds() + " s")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        return secure;
    }

    /** A connectivity check: every 50 ms until the first success, then every 2 s as consent (RFC 7675). */
    private long lastCheck;

    private void check() {
        long now = System.nanoTime();
        if (iceConnected && now - lastCheck < 2_000_000_000L) {
            return;
        }
        lastCheck = now;
        byte[] request = new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                .username(remoteUfrag + ":" + local.ufrag())
                .priority(0x6E7F1EFFL)
                .iceControlling(tieBreaker)
                .useCandidate()
                .messageIntegrity(IntegrityKey.shortTerm(remotePassword))
                .fingerprint()
                .encode();
        sendRaw(request);
    }

    private void keys(DtlsHandshakeResult result) {
        DtlsSrtpKeys keys = DtlsSrtpKeys.split(result.profile(), result.keyingMaterial(), true);
        inbound = keys.inbound();
        outbound = keys.outbound();
        secure.complete(null);
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        byte[] packet = buffer.array();
        while (!closed) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from == null) {
                    LockSupport.parkNanos(RECEIVE_POLL_NANOS);
                    continue;
                }
                int length = buffer.position();
                switch (DatagramKind.classify(packet, 0, length)) {
                    case STUN -> onStun(packet, length);
                    case DTLS -> dtls.receive(packet, 0, length);
                    case RTP, RTCP -> onSrtp(packet, length);
                    default -> {
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    socketErrors.incrementAndGet();
                }
            } catch (RuntimeException e) {
                // A datagram the STUN, DTLS or RTP code could not take (truncated, malformed): dropped.
                unreadableDatagrams.incrementAndGet();
            }
        }
    }

    private void onStun(byte[] packet, int length) {
        if (StunDecoder.decode(packet, 0, length) instanceof StunMessage message
                && message.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING) && !iceConnected) {
            iceConnected = true;
            dtls.start();
        }
    }

    private void onSrtp(byte[] packet, int length) {
        InboundSrtpSession session = inbound;
        if (session == null) {
            return;
        }
        int type = packet[1] & 0xFF;
        boolean rtcp = type >= 192 && type <= 223;
        int plain = rtcp ? session.unprotectRtcp(packet, 0, length) : session.unprotectRtp(packet, 0, length);
        if (SrtpFailure.isFailure(plain)) {
            srtpFailures.incrementAndGet();
            return;
        }
        Receiver target = receiver;
        if (rtcp) {
            target.onRtcp(packet, plain);
        } else {
            target.onRtp(packet, plain);
        }
    }

    /** Encrypts and sends one RTP packet; false before the keys exist. */
    public boolean sendRtp(byte[] packet, int offset, int length) {
        return sendProtected(packet, offset, length, false);
    }

    public boolean sendRtcp(byte[] packet, int offset, int length) {
        return sendProtected(packet, offset, length, true);
    }

    private boolean sendProtected(byte[] packet, int offset, int length, boolean rtcp) {
        OutboundSrtpSession session = outbound;
        if (session == null || closed) {
            return false;
        }
        synchronized (sendLock) {
            System.arraycopy(packet, offset, sendBuffer, 0, length);
            int protectedLength = rtcp ? session.protectRtcp(sendBuffer, 0, length) : session.protectRtp(sendBuffer, 0, length);
            if (SrtpFailure.isFailure(protectedLength)) {
                srtpFailures.incrementAndGet();
                return false;
            }
            try {
                if (channel.send(ByteBuffer.wrap(sendBuffer, 0, protectedLength), remoteAddress) == 0) {
                    // A full send buffer on a non-blocking socket: the packet is lost, as on a congested link.
                    sendsRefused.incrementAndGet();
                    return false;
                }
                sent.incrementAndGet();
                return true;
            } catch (IOException e) {
                socketErrors.incrementAndGet();
                return false;
            }
        }
    }

    private void sendRaw(byte[] datagram) {
        if (closed) {
            return;
        }
        try {
            synchronized (sendLock) {
                channel.send(ByteBuffer.wrap(Arrays.copyOf(datagram, datagram.length)), remoteAddress);
            }
        } catch (IOException e) {
            // DTLS retransmits and ICE checks repeat; a lost datagram here is recovered there.
        }
    }

    /** Sends the kernel refused because the socket's send buffer was full. */
    public long sendsRefused() {
        return sendsRefused.get();
    }

    /** SRTP or SRTCP packets that failed to decrypt (received) or encrypt (sent). */
    public long srtpFailures() {
        return srtpFailures.get();
    }

    /** Sends and receives the socket failed (the SFU's port unreachable, the socket closed under it). */
    public long socketErrors() {
        return socketErrors.get();
    }

    /** Received datagrams the STUN, DTLS or RTP code could not take. */
    public long unreadableDatagrams() {
        return unreadableDatagrams.get();
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        if (dtls != null) {
            dtls.close();
        }
        dtlsThread.shutdownNow();
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
