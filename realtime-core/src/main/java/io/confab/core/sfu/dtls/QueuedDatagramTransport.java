package io.confab.core.sfu.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Bouncy Castle's view of the ICE transport: {@code receive} takes what the network thread queued,
 * waiting as long as BC asks; {@code send} hands each datagram to the caller's consumer. A failing
 * consumer is counted, not thrown: to DTLS a failed UDP send is a lost datagram, and the flight
 * retransmission recovers it. Thread-safe.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    /** WebRTC's conservative path MTU for DTLS; libwebrtc and Firefox keep their flights under it. */
    static final int SEND_LIMIT = 1200;
    /**
     * Largest datagram we accept: a full DTLS record (2^14 plaintext, RFC 6347 §4.1) plus header
     * and cipher expansion. Peers with a larger MTU than ours must still get through.
     */
    static final int RECEIVE_LIMIT = (1 << 14) + 13 + 256;
    /** Several flights' worth: a handshake flight is under ten datagrams, retransmits included. */
    static final int QUEUE_CAPACITY = 64;

    /** Thrown to BC once closed; an InterruptedIOException so BC passes it up without raising an alert. */
    static final class TransportClosedException extends InterruptedIOException {
        TransportClosedException() {
            super("DTLS transport closed");
        }
    }

    private final DatagramQueue inbound = new DatagramQueue(QUEUE_CAPACITY);
    private final Consumer<byte[]> sender;
    private final DtlsCounters counters;
    private volatile boolean closed;

    QueuedDatagramTransport(Consumer<byte[]> sender, DtlsCounters counters) {
        this.sender = sender;
        this.counters = counters;
    }

    /** Network thread: queue without blocking; false means the caller counts it dropped. */
    boolean offer(byte[] datagram) {
        return !closed && inbound.offer(datagram);
    }

    boolean isClosed() {
        return closed;
    }

    /** Whether a datagram waits for the reader. */
    boolean hasQueued() {
        return !inbound.isEmpty();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long deadline = waitMillis == 0 ? 0 : System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            long wait = waitMillis == 0 ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
            byte[] datagram;
            try {
                datagram = inbound.poll(wait);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
            }
            if (closed) {
                throw new TransportClosedException();
            }
            if (datagram == null) {
                return -1;
            }
            if (datagram.length <= len) {
                System.arraycopy(datagram, 0, buf, off, datagram.length);
                return datagram.length;
            }
            // Truncating would hand BC a broken record; drop it whole and wait out the rest.
            counters.datagramsDropped.incrementAndGet();
            if (waitMillis != 0 && System.nanoTime() - deadline >= 0) {
                return -1;
            }
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        try {
            sender.accept(Arrays.copyOfRange(buf, off, off + len));
            counters.datagramsSent.incrementAndGet();
        } catch (RuntimeException sendFailed) {
            counters.sendFailures.incrementAndGet();
        }
    }

    /** Idempotent; wakes a blocked receive, which then throws {@link TransportClosedException}. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            counters.datagramsDropped.addAndGet(inbound.close());
        }
    }
}
