package io.confab.core.sfu.dtls;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import io.confab.core.stun.PacketKind;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * {@link #handshake()}. After the handshake the session still reads what the peer sends, so its
 * close_notify or alert completes {@link #closed()} and its retransmitted final flight is answered
 * (RFC 6347 §4.2.4), but it does not hold a thread for that: the executor thread lingers a few
 * seconds for a retransmission, then returns to the pool, and a later datagram starts a new read
 * task that ends once the queue is empty. A server with thousands of idle sessions holds threads
 * only for the handshakes in flight.
 *
 * <p>Thread-safe: {@link #receive} never blocks and may be called from the network thread before
 * {@link #start()}, during the handshake and after it; {@link #close()} may be called from any
 * thread. At most one task of a session runs at a time. Futures complete on the executor thread
 * (or the thread that calls {@link #close()}); use the *Async methods for slow work.
 */
public final class DtlsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSession.class);

    /**
     * How long the handshake thread keeps reading after the handshake: the peer retransmits its
     * last flight after 1 s and then 2 s (RFC 6347 §4.2.4.1) when our final flight was lost.
     */
    static final int DEFAULT_LINGER_MILLIS = 3500;
    /** How long a later read task waits for more before it gives its thread back. */
    private static final int IDLE_READ_MILLIS = 50;

    private final DtlsParameters parameters;
    private final Executor executor;
    private final DtlsCounters counters = new DtlsCounters();
    private final QueuedDatagramTransport transport;
    private final HandshakeDiagnosis diagnosis = new HandshakeDiagnosis();
    private final CompletableFuture<DtlsHandshakeResult> handshake = new CompletableFuture<>();
    private final CompletableFuture<DtlsCloseReason> closed = new CompletableFuture<>();

    private final Object lifecycle = new Object();
    private final int lingerMillis;
    /** Whether a read task runs (or is queued on the executor) for the established transport. */
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final byte[] readBuffer = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
    private boolean started;
    private boolean closing;
    private volatile DTLSTransport established;

    /**
     * @param sender   sends one datagram to the peer over the ICE transport; called on the executor
     *                 thread (and on the closing thread for close_notify); must not block for long
     * @param executor runs the handshake (a task of up to the handshake timeout, blocked most of the
     *                 time) and later short read tasks
     */
    public DtlsSession(DtlsParameters parameters, Consumer<byte[]> sender, Executor executor) {
        this(parameters, sender, executor, DEFAULT_LINGER_MILLIS);
    }

    DtlsSession(DtlsParameters parameters, Consumer<byte[]> sender, Executor executor, int lingerMillis) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.transport = new QueuedDatagramTransport(Objects.requireNonNull(sender, "sender"), counters);
        this.lingerMillis = lingerMillis;
    }

    /**
     * Starts the handshake on the executor. Call once; after {@link #close()} it does nothing.
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
        }
        try {
            executor.execute(this::handshakeThenRead);
        } catch (RejectedExecutionException rejected) {
            transport.close();
            failed(new DtlsHandshakeException(Reason.INTERNAL_ERROR, "executor refused the handshake task", rejected));
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
        wakeReader();
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
        wakeReader();
    }

    /** After the handshake, a queued datagram with no read task running starts one. */
    private void wakeReader() {
        DTLSTransport dtls = established;
        if (dtls != null && reading.compareAndSet(false, true)) {
            try {
                executor.execute(() -> readWhileQueued(dtls, IDLE_READ_MILLIS));
            } catch (RejectedExecutionException rejected) {
                // The executor is shutting down with the server: the session ends as the server does.
                reading.set(false);
                counters.datagramsDropped.incrementAndGet();
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
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
            connected = established;
            neverStarted = !started;
        }
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
        if (neverStarted) {
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

    static boolean looksLikeDtls(byte[] bytes, int offset, int length) {
        return length >= RecordScreen.RECORD_HEADER_LENGTH && length <= QueuedDatagramTransport.RECEIVE_LIMIT
                && PacketKind.of(bytes, offset, length) == PacketKind.DTLS
                && RecordScreen.admits(bytes, offset, length);
    }

    private void handshakeThenRead() {
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        DtlsSrtpPeer peer = parameters.role() == DtlsRole.SERVER
                ? new WebRtcDtlsServer(crypto, parameters, diagnosis)
                : new WebRtcDtlsClient(crypto, parameters, diagnosis);
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
        readWhileQueued(dtls, lingerMillis);
    }

    /** What the handshake agreed, refusing one that slipped past our checks. */
    private DtlsHandshakeResult agreedKeys(DtlsSrtpPeer peer) throws DtlsHandshakeException {
        if (!peer.peerCertificateVerified()) {
            throw new DtlsHandshakeException(Reason.FINGERPRINT_MISMATCH,
                    "handshake completed without the peer certificate being checked", null);
        }
        SrtpProtectionProfile profile = peer.negotiatedProfile().orElseThrow(() -> new DtlsHandshakeException(
                Reason.NO_COMMON_SRTP_PROFILE, "handshake completed without use_srtp", null));
        byte[] keyingMaterial = peer.srtpKeyingMaterial().orElseThrow(() -> new DtlsHandshakeException(
                Reason.INTERNAL_ERROR, "handshake completed without SRTP keying material", null));
        return new DtlsHandshakeResult(parameters.role(), profile, keyingMaterial);
    }

    /**
     * Reads until nothing arrives for {@code waitMillis}, then gives the thread back; completes
     * {@link #closed()} when the peer or we end the session.
     */
    private void readWhileQueued(DTLSTransport dtls, int waitMillis) {
        try {
            while (true) {
                // Application data would be SCTP for data channels, which this stage does not terminate.
                if (dtls.receive(readBuffer, 0, readBuffer.length, waitMillis) >= 0) {
                    counters.datagramsDropped.incrementAndGet();
                    continue;
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
