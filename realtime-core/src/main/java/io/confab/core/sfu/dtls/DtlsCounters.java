package io.confab.core.sfu.dtls;

import java.util.concurrent.atomic.AtomicLong;

/** The session's counters, written from the network thread and the handshake thread alike. */
final class DtlsCounters {
    final AtomicLong datagramsReceived = new AtomicLong();
    final AtomicLong datagramsDropped = new AtomicLong();
    final AtomicLong datagramsSent = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong handshakesFailed = new AtomicLong();
}
