package io.confab.core.sfu.dtls;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many transports joining at once, with real DTLS-SRTP handshakes over loopback UDP: one server
 * socket that hands each datagram to the SERVER session of its source address, the sessions on a
 * bounded {@link HandshakePool} (as the SFU's port and pool do), and one socket per client with a
 * CLIENT session (the role the bot's transport plays), the clients on a pool of their own. Every
 * transport's "ICE completes" at once: both sessions start together. It measures what the server
 * side used: how many threads ran its DTLS work, how many of its tasks ran at once, and its CPU
 * (the tasks' thread CPU time plus its socket reader's). For the test that holds the DTLS threads
 * to their bound, and for {@code confab bench dtls}.
 */
public final class HandshakeCrowd {

    /**
     * @param transports       transports joining at once
     * @param serverThreads    the server's DTLS threads ({@code sfu-handshake-threads})
     * @param serverQueue      server tasks waiting for a thread ({@code sfu-handshake-queue})
     * @param clientThreads    threads the clients' handshakes share: the load generator's, not measured
     * @param handshakeTimeout each handshake's timeout, both sides
     */
    public record Settings(int transports, int serverThreads, int serverQueue, int clientThreads, Duration handshakeTimeout) {
        public Settings {
            if (transports < 1 || transports > 10_000) {
                throw new IllegalArgumentException("transports must be 1 to 10000, not " + transports);
            }
            if (serverThreads < 1 || serverQueue < 0 || clientThreads < 1) {
                throw new IllegalArgumentException("server threads and client threads must be at least 1 and the server"
                        + " queue 0 or more, not " + serverThreads + ", " + clientThreads + " and " + serverQueue);
            }
            if (handshakeTimeout == null || handshakeTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("handshakeTimeout must be positive, not " + handshakeTimeout);
            }
        }
    }

    /**
     * @param completed          transports whose both sides completed with the same SRTP keys
     * @param failures           handshakes that failed, by reason, either side
     * @param keyMismatches      transports whose sides completed with different keys (never, unless broken)
     * @param refusals           server tasks the pool refused (threads and queue full); a refused
     *                           ClientHello waits for its retransmission
     * @param serverThreadsUsed  distinct threads that ran the server's DTLS tasks
     * @param serverTasksAtOnce  most server DTLS tasks running at the same moment
     * @param jvmThreadsAdded    the JVM's peak thread count during the run minus its count before
     * @param seconds            from the start to the last handshake's end, either way
     * @param serverCpuSeconds   the server's DTLS tasks and socket reader, thread CPU time
     */
    public record Outcome(int transports, int completed, Map<Reason, Integer> failures, int keyMismatches, long refusals,
                          int serverThreadsUsed, int serverTasksAtOnce, int jvmThreadsAdded, double seconds,
                          double serverCpuSeconds) {
        public Outcome {
            failures = Map.copyOf(failures);
        }

        public int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }

        public double handshakesPerSecond() {
            return seconds > 0 ? completed / seconds : Double.NaN;
        }

        public double handshakesPerServerCpuSecond() {
            return serverCpuSeconds > 0 ? completed / serverCpuSeconds : Double.NaN;
        }
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Room for a burst of ClientHellos and flights from every client at once. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final Settings settings;
    private final DtlsCertificate serverCertificate;
    private final DtlsCertificate clientCertificate;

    /** Certificates are made once per crowd, outside what a run measures, as a server makes one at start. */
    public HandshakeCrowd(Settings settings) {
        this.settings = settings;
        this.serverCertificate = DtlsCertificate.generate("crowd-server");
        this.clientCertificate = DtlsCertificate.generate("crowd-client");
    }

    /** Runs every transport's handshake once; returns when all ended, or the timeout and a margin passed. */
    public Outcome run() throws IOException, InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();

        LongAdder refusals = new LongAdder();
        ExecutorService serverPool = HandshakePool.create(settings.serverThreads(), settings.serverQueue(), refusals::increment);
        MeteredExecutor server = new MeteredExecutor(serverPool, threads);
        AtomicInteger clientThreadNumber = new AtomicInteger();
        ExecutorService clientPool = Executors.newFixedThreadPool(settings.clientThreads(), runnable -> {
            Thread thread = new Thread(runnable, "crowd-client-" + clientThreadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        int n = settings.transports();
        DtlsSession[] servers = new DtlsSession[n];
        DtlsSession[] clients = new DtlsSession[n];
        List<DatagramChannel> clientChannels = new ArrayList<>(n);
        Map<SocketAddress, DtlsSession> byClientAddress = new ConcurrentHashMap<>();
        try (DatagramChannel serverChannel = DatagramChannel.open(); Selector clientSelector = Selector.open()) {
            serverChannel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            serverChannel.bind(new InetSocketAddress(LOOPBACK, 0));
            InetSocketAddress serverAddress = (InetSocketAddress) serverChannel.getLocalAddress();
            for (int i = 0; i < n; i++) {
                DatagramChannel channel = DatagramChannel.open();
                clientChannels.add(channel);
                channel.bind(new InetSocketAddress(LOOPBACK, 0));
                channel.configureBlocking(false);
                SocketAddress clientAddress = channel.getLocalAddress();
                clients[i] = new DtlsSession(parameters(DtlsRole.CLIENT, clientCertificate, serverCertificate),
                        datagram -> sendQuietly(channel, datagram, serverAddress), clientPool);
                channel.register(clientSelector, SelectionKey.OP_READ, clients[i]);
                servers[i] = new DtlsSession(parameters(DtlsRole.SERVER, serverCertificate, clientCertificate),
                        datagram -> sendQuietly(serverChannel, datagram, clientAddress), server);
                byClientAddress.put(clientAddress, servers[i]);
            }
            Thread serverReader = daemon("crowd-server-reader", () -> readServer(serverChannel, byClientAddress));
            Thread clientReader = daemon("crowd-client-reader", () -> readClients(clientSelector));
            serverReader.start();
            clientReader.start();

            AtomicLong lastEnd = new AtomicLong();
            List<CompletableFuture<DtlsHandshakeResult>> ends = new ArrayList<>(2 * n);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                servers[i].start();
                clients[i].start();
                for (DtlsSession session : List.of(servers[i], clients[i])) {
                    CompletableFuture<DtlsHandshakeResult> end = session.handshake();
                    end.whenComplete((result, failure) -> lastEnd.accumulateAndGet(System.nanoTime(), Math::max));
                    ends.add(end);
                }
            }
            waitForAll(ends);
            double seconds = (Math.max(lastEnd.get(), start) - start) / 1e9;
            long readerCpu = Math.max(0, threads.getThreadCpuTime(serverReader.getId()));
            double serverCpuSeconds = (server.cpuNanos.sum() + readerCpu) / 1e9;
            int jvmThreadsAdded = threads.getPeakThreadCount() - threadsBefore;

            Map<Reason, Integer> failures = new EnumMap<>(Reason.class);
            int completed = 0;
            int mismatches = 0;
            for (int i = 0; i < n; i++) {
                DtlsHandshakeResult serverResult = outcome(servers[i], failures);
                DtlsHandshakeResult clientResult = outcome(clients[i], failures);
                if (serverResult != null && clientResult != null) {
                    if (Arrays.equals(serverResult.keyingMaterial(), clientResult.keyingMaterial())) {
                        completed++;
                    } else {
                        mismatches++;
                    }
                }
            }
            Arrays.stream(servers).forEach(DtlsSession::close);
            Arrays.stream(clients).forEach(DtlsSession::close);
            serverChannel.close();
            clientSelector.close();
            serverReader.join(TimeUnit.SECONDS.toMillis(5));
            clientReader.join(TimeUnit.SECONDS.toMillis(5));
            return new Outcome(n, completed, failures, mismatches, refusals.sum(), server.threadsUsed.size(),
                    server.mostAtOnce.get(), jvmThreadsAdded, seconds, serverCpuSeconds);
        } finally {
            for (DatagramChannel channel : clientChannels) {
                channel.close();
            }
            serverPool.shutdownNow();
            clientPool.shutdownNow();
        }
    }

    private DtlsParameters parameters(DtlsRole role, DtlsCertificate ours, DtlsCertificate theirs) {
        return new DtlsParameters(role, ours, theirs.fingerprint(), DtlsParameters.WEBRTC_PROFILES, settings.handshakeTimeout());
    }

    private void waitForAll(List<CompletableFuture<DtlsHandshakeResult>> ends) throws InterruptedException {
        // Every handshake ends by its own timeout; the margin is for a machine too loaded to say so in time.
        long margin = settings.handshakeTimeout().toMillis() + TimeUnit.SECONDS.toMillis(10);
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
                    .handle((ignored, failure) -> null).get(margin, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notAllEnded) {
            // Counted below as the handshakes that did not complete.
        }
    }

    /** The session's keys, or null with its failure counted (a handshake still running counts as TIMEOUT). */
    private static DtlsHandshakeResult outcome(DtlsSession session, Map<Reason, Integer> failures) {
        CompletableFuture<DtlsHandshakeResult> end = session.handshake();
        if (!end.isDone()) {
            failures.merge(Reason.TIMEOUT, 1, Integer::sum);
            return null;
        }
        try {
            return end.join();
        } catch (RuntimeException failed) {
            Reason reason = failed.getCause() instanceof DtlsHandshakeException dtls ? dtls.reason() : Reason.INTERNAL_ERROR;
            failures.merge(reason, 1, Integer::sum);
            return null;
        }
    }

    /** A send that fails throws, which the session counts as a lost datagram and DTLS retransmits. */
    private static void sendQuietly(DatagramChannel channel, byte[] datagram, SocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(datagram), to);
        } catch (IOException lost) {
            throw new IllegalStateException("datagram not sent: " + lost.getMessage(), lost);
        }
    }

    private static void readServer(DatagramChannel channel, Map<SocketAddress, DtlsSession> byClientAddress) {
        ByteBuffer buffer = ByteBuffer.allocate(QueuedDatagramTransport.RECEIVE_LIMIT);
        try {
            while (true) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                DtlsSession session = byClientAddress.get(from);
                if (session != null) {
                    session.receive(buffer.array(), 0, buffer.position());
                }
            }
        } catch (ClosedChannelException closed) {
            // The run is over.
        } catch (IOException failed) {
            throw new IllegalStateException("crowd server socket failed", failed);
        }
    }

    private static void readClients(Selector selector) {
        ByteBuffer buffer = ByteBuffer.allocate(QueuedDatagramTransport.RECEIVE_LIMIT);
        try {
            while (selector.isOpen()) {
                selector.select(100);
                Set<SelectionKey> ready = selector.selectedKeys();
                for (SelectionKey key : ready) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    DtlsSession session = (DtlsSession) key.attachment();
                    buffer.clear();
                    while (channel.receive(buffer) != null) {
                        session.receive(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                }
                ready.clear();
            }
        } catch (ClosedSelectorException | ClosedChannelException closed) {
            // The run is over.
        } catch (IOException failed) {
            throw new IllegalStateException("crowd client socket failed", failed);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The server's executor as the sessions see it, counting its threads, its concurrency and its CPU. */
    private static final class MeteredExecutor implements Executor {
        private final Executor pool;
        private final ThreadMXBean threads;
        final Set<Long> threadsUsed = ConcurrentHashMap.newKeySet();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final LongAdder cpuNanos = new LongAdder();

        MeteredExecutor(Executor pool, ThreadMXBean threads) {
            this.pool = pool;
            this.threads = threads;
        }

        /** Passes the pool's refusal on, as the session must see it. */
        @Override
        public void execute(Runnable task) {
            pool.execute(() -> {
                threadsUsed.add(Thread.currentThread().getId());
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                long cpuBefore = threads.getCurrentThreadCpuTime();
                try {
                    task.run();
                } finally {
                    cpuNanos.add(threads.getCurrentThreadCpuTime() - cpuBefore);
                    running.decrementAndGet();
                }
            });
        }
    }
}
