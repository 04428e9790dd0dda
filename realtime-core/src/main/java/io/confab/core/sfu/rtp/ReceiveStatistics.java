package io.confab.core.sfu.rtp;

import io.confab.core.sfu.rtcp.ReportBlock;

/**
 * What one incoming SSRC's receiver knows about it, kept as RFC 3550 Appendix A describes:
 * sequence validation and the extended highest sequence number (A.1), expected and lost packets
 * and the fraction lost per report interval (A.3), and interarrival jitter (A.8). Also bytes and a
 * bitrate, and the LSR/DLSR pair from the sender's last SR, so {@link #nextReportBlock} can fill an
 * RR report block.
 *
 * <p>A.1's probation (several in-order packets before a source counts) is left out: packets reach
 * here only after SRTP authentication and SSRC demux, which already keep stray packets away. Its
 * resynchronisation after a large jump is kept. Not thread-safe.
 */
public final class ReceiveStatistics {
    /** A.1's suggested limits: a jump of up to 3000 is loss, up to 100 back is reordering. */
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The cumulative lost field is 24-bit signed (RFC 3550 §6.4.1). */
    private static final int MAX_CUMULATIVE_LOST = 0x7F_FFFF;
    private static final int MIN_CUMULATIVE_LOST = -0x80_0000;

    private final int ssrc;
    private final int clockRate;
    private final BitrateMeter bitrate;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq = SEQ_MOD + 1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long bytes;
    private long discarded;

    private boolean hasArrivalBase;
    private long arrivalBaseNanos;
    private boolean hasTransit;
    private int lastTransit;
    /** Jitter times 16, as A.8 keeps it to avoid fractions. */
    private long jitterQ4;

    private boolean hasSenderReport;
    private long lastSenderReport;
    private long senderReportArrivalNanos;

    public ReceiveStatistics(int ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.bitrate = new BitrateMeter(NANOS_PER_SECOND, 10);
    }

    /**
     * Counts one packet. Returns false when A.1 does not accept it (a large jump not yet confirmed
     * by its successor), which then does not count toward any statistic.
     */
    public boolean onPacket(int sequenceNumber, long rtpTimestamp, long arrivalNanos, int sizeBytes) {
        sequenceNumber &= 0xFFFF;
        boolean advanced;
        if (!started) {
            started = true;
            initSequence(sequenceNumber);
            advanced = true;
        } else {
            int delta = (sequenceNumber - maxSeq) & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (sequenceNumber < maxSeq) {
                    cycles += SEQ_MOD;
                }
                maxSeq = sequenceNumber;
                advanced = delta != 0;
            } else if (delta <= SEQ_MOD - MAX_MISORDER) {
                if (sequenceNumber != badSeq) {
                    // A.1: remember the jump; only the very next number confirms a restart.
                    badSeq = (sequenceNumber + 1) & (SEQ_MOD - 1);
                    discarded++;
                    return false;
                }
                initSequence(sequenceNumber);
                hasTransit = false;
                advanced = true;
            } else {
                advanced = false; // duplicate or reordered
            }
        }
        received++;
        bytes += sizeBytes;
        bitrate.add(arrivalNanos, sizeBytes);
        if (advanced) {
            // Only packets that move the stream forward: a retransmission answering a NACK
            // carries an old timestamp and would read as a huge transit jump.
            updateJitter(rtpTimestamp, arrivalNanos);
        }
        return true;
    }

    private void initSequence(int sequenceNumber) {
        baseSeq = sequenceNumber;
        maxSeq = sequenceNumber;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** A.8: J += (|D| - J) / 16, with D the change in transit time, all in RTP clock units. */
    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        if (!hasArrivalBase) {
            // Only differences of transit matter; a fixed base keeps the arithmetic small.
            hasArrivalBase = true;
            arrivalBaseNanos = arrivalNanos;
        }
        long arrival = rtpUnits(arrivalNanos - arrivalBaseNanos);
        int transit = (int) (arrival - rtpTimestamp);
        if (hasTransit) {
            int d = Math.abs(transit - lastTransit);
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        lastTransit = transit;
        hasTransit = true;
    }

    private long rtpUnits(long nanos) {
        return Math.floorDiv(nanos, NANOS_PER_SECOND) * clockRate
                + Math.floorMod(nanos, NANOS_PER_SECOND) * clockRate / NANOS_PER_SECOND;
    }

    /** Remembers an SR from this source for the LSR and DLSR fields of the next report blocks. */
    public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        hasSenderReport = true;
        lastSenderReport = (ntpTimestamp >>> 16) & 0xFFFF_FFFFL; // the middle 32 bits (RFC 3550 §6.4.1)
        senderReportArrivalNanos = arrivalNanos;
    }

    /**
     * The report block for this source at this moment, and the start of a new report interval:
     * fraction lost covers the packets since the previous call (A.3).
     */
    public ReportBlock nextReportBlock(long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long delaySinceLastSr = 0;
        if (hasSenderReport) {
            // DLSR is in units of 1/65536 s.
            delaySinceLastSr = ((nowNanos - senderReportArrivalNanos) << 16) / NANOS_PER_SECOND & 0xFFFF_FFFFL;
        }
        return new ReportBlock(ssrc, Math.min(fraction, 255), clampedCumulativeLost(),
                extendedHighestSequenceNumber() & 0xFFFF_FFFFL, jitter(),
                hasSenderReport ? lastSenderReport : 0, delaySinceLastSr);
    }

    private long expected() {
        return started ? extendedHighestSequenceNumber() - baseSeq + 1 : 0;
    }

    private int clampedCumulativeLost() {
        return (int) Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, cumulativeLost()));
    }

    public int ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    /** Cycles of 2^16 plus the highest sequence number seen (A.1). */
    public long extendedHighestSequenceNumber() {
        return cycles + maxSeq;
    }

    public long packetsReceived() {
        return received;
    }

    /** Expected minus received since the stream (re)started; negative with duplicates (A.3). */
    public long cumulativeLost() {
        return expected() - received;
    }

    /** Interarrival jitter in RTP timestamp units (A.8). */
    public long jitter() {
        return jitterQ4 >> 4;
    }

    public long bytesReceived() {
        return bytes;
    }

    /** Bits per second over the last second. */
    public long bitrate(long nowNanos) {
        return bitrate.bitsPerSecond(nowNanos);
    }

    /** Packets refused by A.1's sequence validation. */
    public long discarded() {
        return discarded;
    }
}
