package io.confab.core.sfu.rtcp;

import java.util.List;

/**
 * FIR (RFC 5104 §4.3.1): a key frame request per media source. Each entry's command sequence
 * number tells a repeated request from a new one; the sender increments it per new request.
 */
public record FullIntraRequest(int senderSsrc, List<Entry> entries) implements RtcpPacket {
    public FullIntraRequest {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a FIR names at least one source");
        }
    }

    /** One source asked for a key frame, with the request's 8-bit command sequence number. */
    public record Entry(int ssrc, int sequenceNumber) {
        public Entry {
            if (sequenceNumber < 0 || sequenceNumber > 255) {
                throw new IllegalArgumentException("FIR command sequence number " + sequenceNumber + " is not 0..255");
            }
        }
    }
}
