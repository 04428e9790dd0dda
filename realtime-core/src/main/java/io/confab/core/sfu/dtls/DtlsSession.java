package io.confab.core.sfu.dtls;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import io.confab.core.sfu.srtp.SrtpProfile;
import io.confab.core.stun.PacketKind;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTLS-SRTP over one ICE transport (RFC 5764, RFC 8827 §6.5): runs Bouncy Castle's blocking
 * DTLS 1.2 handshake on the given executor, fed by {@link #receive} from the network thread and
 * sending through the given consumer, then hands the SRTP profile and keys to
 * {@link #handshake()}.
 *
 * <p>Threads are taken only while there is work. The server's handshake task is handed to the
 * executor when the client's first flight arrives, not at {@link #start()}: a session waiting for
 * a ClientHello holds no thread, and the handshake timeout still runs from {@code start()} (a
 * timer, not a thread, fails it). When the executor refuses the server's task (its threads and
 * queue are full) the ClientHello stays queued and the client's retransmission (RFC 6347 §4.2.4.1)
 * offers it again, until the timeout. Bouncy Castle 1.82 offers no DTLS API that does not block,
 * so from the ClientHello to the end of the handshake the task holds its thread, waiting for the
 * client's second flight included. The thread goes back as soon as the handshake ends; after it
 * each datagram from the peer (its close_notify, an alert, a retransmitted final flight that our
 * last flight was lost before, RFC 6347 §4.2.4) starts a short read task that ends when the queue
 * is empty. A server with thousands of idle sessions holds no thread for them.
 *
 * <p>Thread-safe: {@link #receive} never blocks and may be called from the network thread before
 * {@link #start()}, during the handshake and after it; {@link #close()} may be called from any
 * thread. At most one task of a session runs at a time. Futures complete on the executor thread
 * (or the thread that calls {@link #close()}); use the *Async methods for slow work.
 */
public final class DtlsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSession.class);

    /**
     * A read task reads only what is queued; BC's receive wants a wait, and 1 ms is the least it
     * takes (0 would wait without limit), spent only when BC discards a datagram as junk.
     */
    private static final int READ_WAIT_MILLIS = 1;
    private static final byte CONTENT_TYPE_HANDSHAKE = 22;
    private static final byte HANDSHAKE_TYPE_CLIENT_HELLO = 1;

    private final DtlsParameters parameters;
    private final Executor executor;
    private final DtlsCounters counters = new DtlsCounters();
    private final QueuedDatagramTransport transport;
    private final HandshakeDiagnosis diagnosis = new HandshakeDiagnosis();
    private final CompletableFuture<DtlsHandshakeResult> handshake = new CompletableFuture<>();
    private final CompletableFuture<DtlsCloseReason> closed = new CompletableFuture<>();

    /** Completes when the handshake task begins (or never will), which cancels the expiry timer. */
    private final CompletableFuture<Void> begun = new CompletableFuture<>();

    private final Object lifecycle = new Object();
    /** Whether a read task runs (or is queued on the executor) for the established transport. */
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final byte[] readBuffer = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
    private boolean started;
    private boolean closing;
    /** Under lifecycle: the handshake task is with the executor (not refused). */
    private boolean handshakeOffered;
    /** Under lifecycle: the handshake task began, or the session failed or closed before it could. */
    private boolean handshakeClaimed;
    /** A ClientHello waits in the queue: what a server's handshake task needs to begin. */
    private volatile boolean clientHelloQueued;
    /** When the handshake times out, from {@link #start()}; written before the task is offered. */
    private volatile long deadlineNanos;
    private volatile DTLSTransport established;

    /**
     * @param sender   sends one datagram to the peer over the ICE transport; called on the executor
     *                 thread (and on the closing thread for close_notify); must not block for long
     * @param executor runs the handshake (a task from the peer's first flight to the end of the
     *                 handshake, blocked while the peer answers) and later short read tasks
     */
    public DtlsSession(DtlsParameters parameters, Consumer<byte[]> sender, Executor executor) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.transport = new QueuedDatagramTransport(Objects.requireNonNull(sender, "sender"), counters);
    }

    /**
     * Starts the handshake: the client's task goes to the executor now, the server's when the
     * client's first flight arrives (at once if it already has). The handshake timeout runs from
     * here. Call once; after {@link #close()} it does nothing.
     *
     * @throws IllegalStateException when called twice
     */
    public void start() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("DTLS session already started");
            }
            started = true;
            if (closing) {
                return;
            }
            deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(parameters.handshakeTimeoutMillis());
        }
        // One JDK timer thread serves every session's expiry; completing begun cancels it.
        begun.orTimeout(parameters.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS).whenComplete((ignored, failure) -> {
            if (failure instanceof TimeoutException) {
                expireBeforeTheFirstFlight();
            }
        });
        if (parameters.role() == DtlsRole.CLIENT || clientHelloQueued) {
            offerHandshake();
        }
    }

    /** Hands the handshake task to the executor unless it is there already or no longer wanted. */
    private void offerHandshake() {
        synchronized (lifecycle) {
            if (!started || closing || handshakeOffered || handshakeClaimed) {
                return;
            }
            handshakeOffered = true;
        }
        try {
            executor.execute(this::handshakeThenRead);
        } catch (RejectedExecutionException refused) {
            if (parameters.role() == DtlsRole.SERVER && !transport.isClosed()) {
                // The ClientHello stays queued; the client's retransmission offers the task again.
                synchronized (lifecycle) {
                    handshakeOffered = false;
                }
                return;
            }
            if (claimHandshake()) {
                transport.close();
                failed(new DtlsHandshakeException(Reason.INTERNAL_ERROR, "executor refused the handshake task", refused));
            }
        }
    }

    /** True for the one caller that may run or fail the handshake; every later caller gets false. */
    private boolean claimHandshake() {
        synchronized (lifecycle) {
            if (handshakeClaimed) {
                return false;
            }
            handshakeClaimed = true;
        }
        begun.complete(null);
        return true;
    }

    /** The timeout passed with no handshake task begun: the peer never spoke, or no thread was free. */
    private void expireBeforeTheFirstFlight() {
        if (claimHandshake()) {
            transport.close();
            failed(new DtlsHandshakeException(Reason.TIMEOUT, "no handshake begun within "
                    + parameters.handshakeTimeoutMillis() + " ms" + (parameters.role() == DtlsRole.SERVER
                    ? " (no ClientHello, or no free DTLS thread)" : " (no free DTLS thread)"), null));
        }
    }

    /**
     * Takes one inbound DTLS datagram (first byte 20..63, RFC 7983 §7). Never blocks and never
     * throws: anything too short, not DTLS, holding a protected record too short to be real
     * ({@link RecordScreen}), arriving when the queue is full or after close is counted in
     * {@link #datagramsDropped()}. The session keeps the array without copying, so the
     * caller must not reuse it; use {@link #receive(byte[], int, int)} for a reused buffer.
     */
    public void receive(byte[] datagram) {
        counters.datagramsReceived.incrementAndGet();
        if (datagram == null || !looksLikeDtls(datagram, 0, datagram.length) || !transport.offer(datagram)) {
            counters.datagramsDropped.incrementAndGet();
            return;
        }
        wake(startsWithClientHello(datagram, 0, datagram.length));
    }

    /** As {@link #receive(byte[])}, copying the range so the caller may reuse its buffer. */
    public void receive(byte[] buffer, int offset, int length) {
        counters.datagramsReceived.incrementAndGet();
        boolean inRange = buffer != null && offset >= 0 && length >= 0 && offset <= buffer.length - length;
        if (!inRange || !looksLikeDtls(buffer, offset, length)
                || !transport.offer(Arrays.copyOfRange(buffer, offset, offset + length))) {
            counters.datagramsDropped.incrementAndGet();
            return;
        }
        wake(startsWithClientHello(buffer, offset, length));
    }

    /**
     * A datagram was queued: before the handshake a ClientHello (or its retransmission) offers the
     * server's task, while anything else waits in the queue for BC to judge and costs no thread;
     * after the handshake, with no read task running, a datagram starts one.
     */
    private void wake(boolean clientHello) {
        DTLSTransport dtls = established;
        if (dtls == null) {
            if (clientHello && parameters.role() == DtlsRole.SERVER) {
                clientHelloQueued = true;
                offerHandshake();
            }
        } else if (reading.compareAndSet(false, true)) {
            try {
                executor.execute(() -> readWhileQueued(dtls));
            } catch (RejectedExecutionException rejected) {
                // Every thread busy (or shutting down): the datagram stays queued and the next one
                // tries again; the peer retransmits a flight that went unanswered.
                reading.set(false);
            }
        }
    }

    /**
     * Completes with the SRTP profile and keys, or exceptionally with a
     * {@link DtlsHandshakeException} naming the reason ({@code get()} gives it as the cause of the
     * ExecutionException; {@code join()} and dependent stages wrap it in a CompletionException).
     * Each call returns a new view of the same outcome, so callers cannot complete it for the session.
     */
    public CompletableFuture<DtlsHandshakeResult> handshake() {
        return handshake.copy();
    }

    /** Completes, never exceptionally, when the session is over for whatever reason. */
    public CompletableFuture<DtlsCloseReason> closed() {
        return closed.copy();
    }

    /**
     * Sends close_notify if the handshake completed, stops the reader and refuses further
     * datagrams. Idempotent; never throws.
     */
    @Override
    public void close() {
        DTLSTransport connected;
        boolean neverStarted;
        boolean neverBegun;
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
            connected = established;
            neverStarted = !started;
            // A task queued but not yet running finds the claim taken and ends at once.
            neverBegun = started && !handshakeClaimed;
            handshakeClaimed = true;
        }
        begun.complete(null);
        try {
            if (connected != null) {
                // BC sends close_notify (RFC 5246 §7.2.1), then closes our transport, which wakes a reader.
                connected.close();
            }
        } catch (IOException | RuntimeException closeFailed) {
            LOG.debug("DTLS close_notify not sent: {}", closeFailed.toString());
        } finally {
            transport.close();
        }
        if (connected != null) {
            // No read task may be running to notice; a running one completes with the same reason.
            closed.complete(DtlsCloseReason.LOCAL_CLOSE);
        }
        if (neverStarted || neverBegun) {
            failed(new DtlsHandshakeException(Reason.CLOSED, "closed before the handshake started", null));
        }
    }

    public DtlsRole role() {
        return parameters.role();
    }

    /** Every datagram passed to {@code receive}, dropped or not. */
    public long datagramsReceived() {
        return counters.datagramsReceived.get();
    }

    /** Not DTLS, malformed, too long, queue full, after close, or data after the handshake nobody reads. */
    public long datagramsDropped() {
        return counters.datagramsDropped.get();
    }

    /** Datagrams handed to the sender without it throwing. */
    public long datagramsSent() {
        return counters.datagramsSent.get();
    }

    /** Datagrams whose sender threw; DTLS treats them as lost and retransmits. */
    public long sendFailures() {
        return counters.sendFailures.get();
    }

    /** Handshakes that ended in failure for any reason but our own {@link #close()}: 0 or 1 per session. */
    public long handshakesFailed() {
        return counters.handshakesFailed.get();
    }

    /**
     * A handshake record of epoch 0 whose message is a client_hello (RFC 6347 §4.1, §4.2.2): BC
     * checks the rest; this only decides whether the server's task has work to begin with.
     */
    static boolean startsWithClientHello(byte[] bytes, int offset, int length) {
        return length > RecordScreen.RECORD_HEADER_LENGTH && bytes[offset] == CONTENT_TYPE_HANDSHAKE
                && bytes[offset + 3] == 0 && bytes[offset + 4] == 0
                && bytes[offset + RecordScreen.RECORD_HEADER_LENGTH] == HANDSHAKE_TYPE_CLIENT_HELLO;
    }

    static boolean looksLikeDtls(byte[] bytes, int offset, int length) {
        return length >= RecordScreen.RECORD_HEADER_LENGTH && length <= QueuedDatagramTransport.RECEIVE_LIMIT
                && PacketKind.of(bytes, offset, length) == PacketKind.DTLS
                && RecordScreen.admits(bytes, offset, length);
    }

    private void handshakeThenRead() {
        if (!claimHandshake()) {
            return;
        }
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMillis < 1) {
            transport.close();
            failed(new DtlsHandshakeException(Reason.TIMEOUT, "the handshake waited its whole "
                    + parameters.handshakeTimeoutMillis() + " ms for a free DTLS thread", null));
            return;
        }
        // BC's own timeout gets what is left of ours, so the whole handshake keeps to the one limit.
        DtlsParameters remaining = parameters.withHandshakeTimeout(Duration.ofMillis(remainingMillis));
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        WebRtcHandshake shared = new WebRtcHandshake(crypto, remaining, diagnosis);
        DtlsSrtpPeer peer = parameters.role() == DtlsRole.SERVER ? new WebRtcDtlsServer(shared) : new WebRtcDtlsClient(shared);
        DTLSTransport dtls;
        try {
            dtls = peer.handshake(transport);
        } catch (IOException | RuntimeException failure) {
            transport.close();
            failed(diagnosis.explain(failure, isClosing()));
            return;
        }
        DtlsHandshakeResult result;
        try {
            result = agreedKeys(peer);
        } catch (DtlsHandshakeException refused) {
            closeQuietly(dtls);
            failed(refused);
            return;
        }
        boolean closedMeanwhile;
        synchronized (lifecycle) {
            closedMeanwhile = closing;
            if (!closing) {
                established = dtls;
            }
        }
        if (closedMeanwhile) {
            closeQuietly(dtls);
            failed(new DtlsHandshakeException(Reason.CLOSED, "session closed as the handshake completed", null));
            return;
        }
        handshake.complete(result);
        readWhileQueued(dtls);
    }

    /** What the handshake agreed, refusing one that slipped past our checks. */
    private DtlsHandshakeResult agreedKeys(DtlsSrtpPeer peer) throws DtlsHandshakeException {
        if (!peer.peerCertificateVerified()) {
            throw new DtlsHandshakeException(Reason.FINGERPRINT_MISMATCH,
                    "handshake completed without the peer certificate being checked", null);
        }
        SrtpProfile profile = peer.negotiatedProfile().orElseThrow(() -> new DtlsHandshakeException(
                Reason.NO_COMMON_SRTP_PROFILE, "handshake completed without use_srtp", null));
        byte[] keyingMaterial = peer.srtpKeyingMaterial().orElseThrow(() -> new DtlsHandshakeException(
                Reason.INTERNAL_ERROR, "handshake completed without SRTP keying material", null));
        return new DtlsHandshakeResult(parameters.role(), profile, keyingMaterial);
    }

    /**
     * Reads what is queued, then gives the thread back; completes {@link #closed()} when the peer
     * or we end the session. BC answers a retransmitted final flight inside its receive.
     */
    private void readWhileQueued(DTLSTransport dtls) {
        try {
            while (true) {
                while (transport.hasQueued()) {
                    // Application data would be SCTP for data channels, which this stage does not terminate.
                    if (dtls.receive(readBuffer, 0, readBuffer.length, READ_WAIT_MILLIS) >= 0) {
                        counters.datagramsDropped.incrementAndGet();
                    }
                }
                if (transport.isClosed()) {
                    closed.complete(endedBy(null));
                    return;
                }
                reading.set(false);
                // A datagram queued after the last read but before the flag fell found it still set.
                if (!transport.hasQueued() || !reading.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException readFailed) {
            closed.complete(endedBy(readFailed));
        }
    }

    private DtlsCloseReason endedBy(Throwable failure) {
        transport.close();
        if (isClosing()) {
            return DtlsCloseReason.LOCAL_CLOSE;
        }
        if (diagnosis.peerSentFatalAlert()) {
            return DtlsCloseReason.PEER_ALERT;
        }
        if (diagnosis.peerSentCloseNotify()) {
            return DtlsCloseReason.PEER_CLOSE_NOTIFY;
        }
        LOG.info("DTLS {} transport failed after the handshake: {}", parameters.role(), String.valueOf(failure));
        return DtlsCloseReason.TRANSPORT_FAILED;
    }

    private void failed(DtlsHandshakeException failure) {
        boolean local = failure.reason() == Reason.CLOSED;
        if (!local) {
            counters.handshakesFailed.incrementAndGet();
            LOG.info("DTLS {} handshake failed: {}", parameters.role(), failure.getMessage());
        }
        handshake.completeExceptionally(failure);
        closed.complete(local ? DtlsCloseReason.LOCAL_CLOSE : DtlsCloseReason.HANDSHAKE_FAILED);
    }

    private boolean isClosing() {
        synchronized (lifecycle) {
            return closing;
        }
    }

    private void closeQuietly(DTLSTransport dtls) {
        try {
            dtls.close();
        } catch (IOException | RuntimeException ignored) {
            // Nothing more to tell a peer we are abandoning.
        } finally {
            transport.close();
        }
    }
}
