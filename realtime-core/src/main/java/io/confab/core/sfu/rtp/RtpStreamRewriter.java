package io.confab.core.sfu.rtp;

/**
 * Keeps one outgoing SSRC a single continuous RTP stream while the source feeding it changes
 * (a simulcast layer switch, or the active speaker's stream on a "last N" slot).
 *
 * <p>Each source gets a sequence offset and a timestamp offset. When a packet from a new source
 * arrives the offsets are chosen so that its first packet goes out as last sequence number + 1
 * (the switch adds no gap a receiver would NACK) and last timestamp + the wall-clock time since the
 * last packet in RTP units, at least 1 (timestamps never stand still or go back across a switch).
 * Gaps inside one source pass through as gaps, and reordered packets map with the same offsets.
 *
 * <p>Packets of the current source older than its first forwarded packet would collide with the
 * previous source's numbers, so they are dropped; so are late packets of the source just replaced
 * (numbered at or before the last one forwarded from it). A newer packet of that source is a switch
 * back. The forwarder decides which source feeds the stream; this class only numbers.
 *
 * <p>Not thread-safe: owned by the outgoing stream's packet thread.
 */
public final class RtpStreamRewriter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** What happened to one packet. */
    public enum Verdict {
        FORWARD,
        /** Older than the first packet forwarded from its source since the switch. */
        DROP_BEFORE_SWITCH,
        /** A late packet of the source the last switch replaced. */
        DROP_REPLACED_SOURCE
    }

    private final int outgoingSsrc;
    private final int clockRate;

    private boolean started;
    private int source;
    private long highestExtended;
    private long switchPointExtended;
    private int sequenceOffset;
    private long timestampOffset;

    private int lastOutSequence;
    private long lastOutTimestamp;
    private long lastOutNanos;

    private boolean hasReplaced;
    private int replacedSource;
    private int replacedHighestSequence;

    private int outSequence;
    private long outTimestamp;
    private boolean switchedOnLastPacket;

    private long forwarded;
    private long droppedBeforeSwitch;
    private long droppedReplacedSource;
    private long switches;

    /** @param clockRate the RTP clock of the stream's codec, e.g. 90000 for video, 48000 for Opus */
    public RtpStreamRewriter(int outgoingSsrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate);
        }
        this.outgoingSsrc = outgoingSsrc;
        this.clockRate = clockRate;
    }

    /**
     * Maps one packet's numbers. After {@link Verdict#FORWARD}, {@link #outgoingSequenceNumber()}
     * and {@link #outgoingTimestamp()} hold what to send.
     */
    public Verdict map(int sourceSsrc, int sequenceNumber, long timestamp, long nowNanos) {
        sequenceNumber &= 0xFFFF;
        timestamp &= 0xFFFF_FFFFL;
        switchedOnLastPacket = false;
        if (!started) {
            started = true;
            beginSource(sourceSsrc, sequenceNumber, 0, 0);
        } else if (sourceSsrc != source) {
            if (hasReplaced && sourceSsrc == replacedSource
                    && !SerialNumber.isNewer16(sequenceNumber, replacedHighestSequence)) {
                droppedReplacedSource++;
                return Verdict.DROP_REPLACED_SOURCE;
            }
            switchTo(sourceSsrc, sequenceNumber, timestamp, nowNanos);
        }
        long extended = SerialNumber.extend16(sequenceNumber, highestExtended);
        if (extended < switchPointExtended) {
            droppedBeforeSwitch++;
            return Verdict.DROP_BEFORE_SWITCH;
        }
        outSequence = (int) ((extended + sequenceOffset) & 0xFFFF);
        outTimestamp = (timestamp + timestampOffset) & 0xFFFF_FFFFL;
        if (extended > highestExtended) {
            highestExtended = extended;
            lastOutSequence = outSequence;
            lastOutTimestamp = outTimestamp;
            lastOutNanos = nowNanos;
        }
        forwarded++;
        return Verdict.FORWARD;
    }

    /**
     * Maps a parsed packet and, when it is forwarded, writes the outgoing sequence number,
     * timestamp and SSRC into its bytes.
     */
    public Verdict rewrite(RtpPacket packet, long nowNanos) {
        Verdict verdict = map(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), nowNanos);
        if (verdict == Verdict.FORWARD) {
            packet.setSequenceNumber(outSequence);
            packet.setTimestamp(outTimestamp);
            packet.setSsrc(outgoingSsrc);
        }
        return verdict;
    }

    private void switchTo(int newSource, int sequenceNumber, long timestamp, long nowNanos) {
        hasReplaced = true;
        replacedSource = source;
        replacedHighestSequence = (int) (highestExtended & 0xFFFF);
        long elapsed = Math.max(0, nowNanos - lastOutNanos);
        long delta = Math.max(1, rtpUnits(elapsed));
        beginSource(newSource, sequenceNumber,
                (lastOutSequence + 1 - sequenceNumber) & 0xFFFF,
                (lastOutTimestamp + delta - timestamp) & 0xFFFF_FFFFL);
        switchedOnLastPacket = true;
        switches++;
    }

    private void beginSource(int newSource, int sequenceNumber, int newSequenceOffset, long newTimestampOffset) {
        source = newSource;
        // Start high in the 64-bit space so extensions of reordered packets stay positive; one below
        // the switch point so the source's first packet counts as its newest.
        switchPointExtended = (1L << 32) + sequenceNumber;
        highestExtended = switchPointExtended - 1;
        sequenceOffset = newSequenceOffset;
        timestampOffset = newTimestampOffset;
    }

    /** Nanoseconds to RTP clock ticks, whole seconds apart so long pauses cannot overflow. */
    private long rtpUnits(long nanos) {
        return (nanos / NANOS_PER_SECOND) * clockRate + (nanos % NANOS_PER_SECOND) * clockRate / NANOS_PER_SECOND;
    }

    public int outgoingSsrc() {
        return outgoingSsrc;
    }

    /** The SSRC now feeding the stream, meaningful once a packet has been mapped. */
    public int currentSource() {
        return source;
    }

    public int outgoingSequenceNumber() {
        return outSequence;
    }

    public long outgoingTimestamp() {
        return outTimestamp;
    }

    /** Whether the packet just mapped was the first of a new source (not the stream's very first). */
    public boolean switchedOnLastPacket() {
        return switchedOnLastPacket;
    }

    public long forwarded() {
        return forwarded;
    }

    public long droppedBeforeSwitch() {
        return droppedBeforeSwitch;
    }

    public long droppedReplacedSource() {
        return droppedReplacedSource;
    }

    public long switches() {
        return switches;
    }
}
