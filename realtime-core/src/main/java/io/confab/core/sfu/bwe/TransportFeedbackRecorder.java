package io.confab.core.sfu.bwe;

import io.confab.core.sfu.rtcp.TransportFeedback;
import io.confab.core.sfu.rtp.SerialNumber;

import java.util.ArrayList;
import java.util.List;

/**
 * The receive side of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1) for one transport: remembers when each transport-wide sequence number arrived, in a fixed
 * ring, and turns what arrived since the last feedback into transport-cc feedback packets.
 *
 * <p>Sequence numbers are extended past their 16-bit wrap against the highest seen, so reordered
 * packets land in their own slot and are reported in sequence order (a negative receive delta when
 * one overtook another). A packet older than what was already reported comes too late: the sender
 * has counted it lost, so it is dropped and counted. Arrival times are kept in 250 µs ticks, the
 * unit of receive deltas, so rounding never accumulates over a feedback.
 */
public final class TransportFeedbackRecorder {
    /** Keeps each feedback inside one datagram: at most ~2.3 bytes per status (§3.1.3-3.1.5). */
    static final int MAX_STATUSES_PER_FEEDBACK = 400;
    /** 16-bit signed receive deltas (§3.1.5): a longer gap starts a new feedback with its own reference time. */
    private static final long MAX_DELTA_TICKS = Short.MAX_VALUE;
    private static final long MIN_DELTA_TICKS = Short.MIN_VALUE;
    private static final long TICKS_PER_REFERENCE = TransportFeedback.REFERENCE_TICK_MICROS / TransportFeedback.DELTA_TICK_MICROS;
    private static final long NONE = Long.MIN_VALUE;

    private final int senderSsrc;
    private final int mask;
    private final long[] sequenceAt;
    private final long[] arrivalTicks;
    private final long baseNanos;
    private long highest = NONE;
    private long nextToReport = NONE;
    private int feedbackCount;
    private long late;
    private long duplicates;
    private long overwritten;

    /**
     * @param capacity   slots of the ring, a power of two: how many sequence numbers may wait for
     *                   feedback (4096 is seconds of video at any rate a browser sends)
     * @param senderSsrc the SSRC the feedback is sent from
     * @param baseNanos  the clock reading that is arrival time 0 (the reference time's origin)
     */
    public TransportFeedbackRecorder(int capacity, int senderSsrc, long baseNanos) {
        if (capacity < 16 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 16, got " + capacity);
        }
        this.senderSsrc = senderSsrc;
        this.mask = capacity - 1;
        this.sequenceAt = new long[capacity];
        this.arrivalTicks = new long[capacity];
        java.util.Arrays.fill(sequenceAt, NONE);
        this.baseNanos = baseNanos;
    }

    /** One RTP packet arrived carrying this transport-wide sequence number. Allocates nothing. */
    public void onPacket(int transportSequenceNumber, long arrivalNanos) {
        long ticks = Math.max(0, (arrivalNanos - baseNanos) / 1000) / TransportFeedback.DELTA_TICK_MICROS;
        long extended;
        if (highest == NONE) {
            extended = transportSequenceNumber & 0xFFFF;
            highest = extended;
            nextToReport = extended;
        } else {
            extended = SerialNumber.extend16(transportSequenceNumber & 0xFFFF, highest);
            if (extended < nextToReport) {
                late++;
                return;
            }
            if (extended > highest) {
                highest = extended;
            }
        }
        if (highest - nextToReport > mask) {
            // More unreported packets than slots: the oldest are given up (the sender will count them lost).
            long first = highest - mask;
            overwritten += first - nextToReport;
            nextToReport = first;
        }
        int slot = (int) (extended & mask);
        if (sequenceAt[slot] == extended) {
            duplicates++;
            return;
        }
        sequenceAt[slot] = extended;
        arrivalTicks[slot] = ticks;
    }

    /** Whether anything arrived that no feedback has reported yet. */
    public boolean hasPending() {
        return highest != NONE && nextToReport <= highest;
    }

    /**
     * Feedback for everything that arrived since the last call, oldest first: usually one packet,
     * more after a long pause or when many packets arrived. Each ends at a received packet.
     */
    public List<TransportFeedback> collect(int mediaSsrc) {
        List<TransportFeedback> feedback = new ArrayList<>(1);
        while (hasPending()) {
            feedback.add(next(mediaSsrc));
        }
        return feedback;
    }

    private TransportFeedback next(int mediaSsrc) {
        long start = nextToReport;
        long firstReceived = start;
        while (!received(firstReceived)) {
            firstReceived++;
        }
        long referenceTicks = arrivalTicks[slot(firstReceived)] / TICKS_PER_REFERENCE;
        long previous = referenceTicks * TICKS_PER_REFERENCE;
        List<TransportFeedback.PacketStatus> statuses = new ArrayList<>();
        int reported = 0;
        for (long sequence = start; sequence <= highest && statuses.size() < MAX_STATUSES_PER_FEEDBACK; sequence++) {
            int sequence16 = (int) (sequence & 0xFFFF);
            if (!received(sequence)) {
                statuses.add(TransportFeedback.PacketStatus.lost(sequence16));
                continue;
            }
            long delta = arrivalTicks[slot(sequence)] - previous;
            if (delta > MAX_DELTA_TICKS || delta < MIN_DELTA_TICKS) {
                break;
            }
            statuses.add(TransportFeedback.PacketStatus.received(sequence16, delta * TransportFeedback.DELTA_TICK_MICROS));
            previous = arrivalTicks[slot(sequence)];
            reported = statuses.size();
        }
        // Never end on lost packets: they may still arrive and belong to the next feedback.
        statuses = statuses.subList(0, reported);
        nextToReport = start + reported;
        // The reference time is 24 bits and wraps (§3.1); the sender unwraps it against the previous one.
        int reference = (int) ((referenceTicks << 40) >> 40);
        TransportFeedback result = new TransportFeedback(senderSsrc, mediaSsrc, (int) (start & 0xFFFF), reference,
                feedbackCount, statuses);
        feedbackCount = (feedbackCount + 1) & 0xFF;
        return result;
    }

    private boolean received(long sequence) {
        return sequenceAt[slot(sequence)] == sequence;
    }

    private int slot(long sequence) {
        return (int) (sequence & mask);
    }

    /** Packets that arrived after feedback had reported them lost. */
    public long late() {
        return late;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Packets never reported because more than the ring's capacity waited for feedback. */
    public long overwritten() {
        return overwritten;
    }
}
