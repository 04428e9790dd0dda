package io.confab.core.sfu.transport;

import io.confab.core.sfu.srtp.SrtpFailure;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Why packets on the SFU's transports were dropped, summed over every transport; read by
 * {@code /api/sfu/stats}, the bench and the tests. Written on the media thread, read anywhere.
 */
public final class TransportCounters {

    final LongAdder secured = new LongAdder();
    final LongAdder handshakesFailed = new LongAdder();
    final LongAdder dtlsBeforeStart = new LongAdder();
    final LongAdder srtpBeforeKeys = new LongAdder();
    final LongAdder malformedSrtp = new LongAdder();
    final LongAdder renegotiationMismatches = new LongAdder();
    private final LongAdder handshakesRefused = new LongAdder();
    private final Map<SrtpFailure, LongAdder> srtpFailures = new EnumMap<>(SrtpFailure.class);

    public TransportCounters() {
        for (SrtpFailure failure : SrtpFailure.values()) {
            srtpFailures.put(failure, new LongAdder());
        }
    }

    /** A DTLS task the bounded handshake pool had no room for; the peer's retransmission offers it again. */
    public void handshakeRefused() {
        handshakesRefused.increment();
    }

    void srtpFailure(SrtpFailure failure) {
        srtpFailures.get(failure).increment();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> values = new java.util.LinkedHashMap<>();
        values.put("transportsSecured", secured.sum());
        values.put("dtlsHandshakesFailed", handshakesFailed.sum());
        values.put("dtlsBeforeStart", dtlsBeforeStart.sum());
        values.put("srtpBeforeKeys", srtpBeforeKeys.sum());
        values.put("srtpMalformed", malformedSrtp.sum());
        values.put("renegotiationMismatches", renegotiationMismatches.sum());
        values.put("dtlsHandshakesRefused", handshakesRefused.sum());
        srtpFailures.forEach((failure, count) -> values.put("srtp" + camel(failure.name()), count.sum()));
        return values;
    }

    private static String camel(String constant) {
        StringBuilder out = new StringBuilder();
        for (String part : constant.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
