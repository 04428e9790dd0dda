package io.confab.media.rtp;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Puts one track's RTP packets back in sequence order before depacketizing and decoding, the way a
 * receiver's jitter buffer does, with a recording's priorities: completeness over latency.
 *
 * <ul>
 *   <li>Packets are held by extended sequence number ({@link SerialNumberUnwrapper}, so the wrap at
 *       65535 is invisible) and {@link #poll released} in order: at once when a packet is the
 *       next in sequence, otherwise once it has waited the hold time, with the number of sequence
 *       numbers skipped before it reported as lost ({@link Released#lostBefore()}).
 *   <li>A second copy of a packet, held or already released, is dropped and counted: RTX repairs
 *       (RFC 4588) are tapped again under the original SSRC and sequence number.
 *   <li>A packet older than one already released is too late to be put in order; dropped and
 *       counted.
 *   <li>A new SSRC under the same track (the tapped simulcast layer changed, or the sender
 *       restarted its stream) starts a new sequence space at once: what was held from the old
 *       SSRC is released first, in order, without waiting out its gaps. A straggler of the
 *       previous SSRC arriving after the change is late, not a change back.
 *   <li>A jump of more than {@link Config#restartThreshold()} from the highest number seen (RFC
 *       3550 §A.1's MAX_DROPOUT is 3000) is a sender that restarted its sequence numbers: a new
 *       space, as for a new SSRC. Unlike §A.1, one packet is enough; taps carry authenticated
 *       (SRTP) packets, so a wild number is a real restart, not line noise.
 *   <li>Memory is bounded: at most {@link Config#capacity()} packets are kept; more are dropped
 *       and counted, and once three quarters full the oldest is released without waiting.
 * </ul>
 *
 * The first packet of a sequence space is released at once and marks its start ({@link
 * Released#streamStart()}, so a depacketizer can start afresh); a packet that was sent before it
 * but arrives after it is late. With {@link Config#holdAtStart()} (recorders), the space instead
 * starts at the lowest sequence number seen within the hold time of its first arrival, so packets
 * sent before the first to arrive (a key frame's first packets overtaken by its later ones) still
 * belong to it, and the first release waits the hold time for them. Time is the caller's clock in
 * microseconds (arrival and now from the same clock), so the buffer runs as well on event time in a job as on wall time. Not
 * thread-safe.
 *
 * @param <T> the caller's packet (bytes, a parsed record, ...); never null
 */
public final class JitterBuffer<T> {
    /** How many released sequence numbers are remembered to tell a duplicate from a late packet. */
    private static final int RELEASED_MEMORY = 1024;
    private static final long NONE = Long.MIN_VALUE;

    /**
     * @param holdMicros how long a packet after a gap waits for the missing ones; 200 ms covers a
     *     NACK round trip and its RTX repair on most paths
     * @param capacity packets held at most
     * @param restartThreshold a jump in sequence numbers larger than this is a restart, 1..32767
     * @param holdAtStart whether a space's first release also waits the hold time, for packets sent
     *     before the first to arrive: a recorder wants a key frame whose first packets were
     *     overtaken; a live receiver wants no start-up delay
     */
    public record Config(long holdMicros, int capacity, int restartThreshold, boolean holdAtStart) {
        public static final long DEFAULT_HOLD_MICROS = 200_000;
        /** 200 ms of a 4 Mbit/s video stream in 1100-byte packets is about 90; room for bursts. */
        public static final int DEFAULT_CAPACITY = 512;
        /** RFC 3550 §A.1 MAX_DROPOUT. */
        public static final int DEFAULT_RESTART_THRESHOLD = 3000;

        public Config {
            if (holdMicros < 0) {
                throw new IllegalArgumentException("jitter buffer hold time " + holdMicros + " µs is negative");
            }
            if (capacity < 4) {
                throw new IllegalArgumentException("jitter buffer capacity " + capacity + " is below 4 packets");
            }
            if (restartThreshold < 1 || restartThreshold > Short.MAX_VALUE) {
                throw new IllegalArgumentException("restart threshold " + restartThreshold + " is outside 1..32767");
            }
        }

        public static Config defaults() {
            return new Config(DEFAULT_HOLD_MICROS, DEFAULT_CAPACITY, DEFAULT_RESTART_THRESHOLD, false);
        }

        public Config withHoldMicros(long hold) {
            return new Config(hold, capacity, restartThreshold, holdAtStart);
        }

        public Config withCapacity(int packets) {
            return new Config(holdMicros, packets, restartThreshold, holdAtStart);
        }

        /** The same, with the first release of each space waiting the hold time (see {@code holdAtStart}). */
        public Config withHoldAtStart() {
            return new Config(holdMicros, capacity, restartThreshold, true);
        }
    }

    /** What {@link #offer} did with a packet. */
    public enum Offer {
        /** Held until its turn. */
        ACCEPTED,
        /** A second copy of a packet held or released (an RTX repair of one that was not lost). */
        DUPLICATE,
        /** Older than a packet already released, or a straggler of the previous SSRC. */
        LATE,
        /** The buffer was full. */
        OVERFLOW
    }

    /**
     * A packet's turn.
     *
     * @param extendedSequence the unwrapped sequence number within its sequence space
     * @param lostBefore sequence numbers skipped right before this packet (0 when none was lost)
     * @param streamStart whether this is the first packet of a sequence space (first packet, new
     *     SSRC, or restart); {@code lostBefore} is then 0
     */
    public record Released<T>(long ssrc, int sequenceNumber, long extendedSequence, long arrivalMicros,
                              int lostBefore, boolean streamStart, T packet) {
    }

    /**
     * Counts since creation. {@code held} is the packets in the buffer now.
     *
     * @param lost sequence numbers released past without their packet
     */
    public record Counters(long offered, long released, long duplicates, long late, long lost, long overflow,
                           long ssrcChanges, long restarts, int held) {
    }

    private record Held<T>(long ssrc, int sequenceNumber, long extended, long arrivalMicros, T packet) {
    }

    private final Config config;
    private final TreeMap<Long, Held<T>> held = new TreeMap<>();
    /** Released from an ended sequence space, waiting for {@link #poll}; counted against the capacity. */
    private final ArrayDeque<Released<T>> ready = new ArrayDeque<>();
    private final long[] releasedRing = new long[RELEASED_MEMORY];
    private final SerialNumberUnwrapper unwrapper = SerialNumberUnwrapper.sequenceNumbers();

    private boolean haveStream;
    private long ssrc;
    private long highest;
    private long nextExpected;
    private boolean streamStartPending;
    private boolean havePrevious;
    private long previousSsrc;
    private int previousHighestSequence;

    private long offered;
    private long released;
    private long duplicates;
    private long late;
    private long lost;
    private long overflow;
    private long ssrcChanges;
    private long restarts;

    public JitterBuffer() {
        this(Config.defaults());
    }

    public JitterBuffer(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Takes one packet of this track.
     *
     * @param ssrc the packet's SSRC (32 bits, as a long)
     * @param sequenceNumber its RTP sequence number (16 bits)
     * @param arrivalMicros when it arrived, on the clock {@link #poll} is given
     */
    public Offer offer(long ssrc, int sequenceNumber, long arrivalMicros, T packet) {
        Objects.requireNonNull(packet, "packet");
        offered++;
        int sequence = sequenceNumber & 0xFFFF;
        if (!haveStream) {
            startSpace(ssrc);
        } else if (ssrc != this.ssrc) {
            if (havePrevious && ssrc == previousSsrc && notAhead(sequence, previousHighestSequence)) {
                late++;
                return Offer.LATE;
            }
            ssrcChanges++;
            havePrevious = true;
            previousSsrc = this.ssrc;
            previousHighestSequence = (int) (highest & 0xFFFF);
            endSpace();
            startSpace(ssrc);
        }
        long extended = unwrapper.unwrap(sequence);
        if (highest != NONE && Math.abs(extended - highest) > config.restartThreshold()) {
            restarts++;
            endSpace();
            startSpace(ssrc);
            extended = unwrapper.unwrap(sequence);
        }
        if (highest == NONE) {
            // The first packet of a space defines where it starts.
            nextExpected = extended;
            highest = extended;
        }
        if (config.holdAtStart() && extended < nextExpected && streamStartPending
                && nextExpected - extended <= config.restartThreshold()) {
            // Nothing of this space is released yet: a packet sent before the first to arrive
            // (a key frame's first packets overtaken by its later ones) still starts the space.
            nextExpected = extended;
        }
        if (extended < nextExpected) {
            if (releasedRing[ringIndex(extended)] == extended) {
                duplicates++;
                return Offer.DUPLICATE;
            }
            late++;
            return Offer.LATE;
        }
        if (held.containsKey(extended)) {
            duplicates++;
            return Offer.DUPLICATE;
        }
        if (held.size() + ready.size() >= config.capacity()) {
            overflow++;
            return Offer.OVERFLOW;
        }
        held.put(extended, new Held<>(ssrc, sequence, extended, arrivalMicros, packet));
        highest = Math.max(highest, extended);
        return Offer.ACCEPTED;
    }

    /** Whether {@code sequence} is at or behind {@code reference}, by no more than a restart. */
    private boolean notAhead(int sequence, int reference) {
        int delta = (short) (sequence - reference);
        return delta <= 0 && -delta <= config.restartThreshold();
    }

    private void startSpace(long newSsrc) {
        haveStream = true;
        ssrc = newSsrc;
        unwrapper.reset();
        highest = NONE;
        nextExpected = NONE;
        streamStartPending = true;
        Arrays.fill(releasedRing, NONE);
    }

    /** Moves everything held in the current space to {@link #ready}, in order, gaps reported. */
    private void endSpace() {
        while (!held.isEmpty()) {
            ready.add(release(held.pollFirstEntry().getValue()));
        }
    }

    /**
     * The next packet whose turn has come by {@code nowMicros}, or null. Call until null: several
     * may be due at once.
     */
    public Released<T> poll(long nowMicros) {
        Released<T> next = ready.poll();
        if (next == null) {
            Map.Entry<Long, Held<T>> head = held.firstEntry();
            if (head == null || !due(head.getValue(), nowMicros)) {
                return null;
            }
            held.pollFirstEntry();
            next = release(head.getValue());
        }
        released++;
        return next;
    }

    private boolean due(Held<T> head, long nowMicros) {
        // At a space's start nothing says which packet comes first: wait the hold time for
        // earlier ones that were overtaken, then start from the lowest.
        return (head.extended() == nextExpected && !(streamStartPending && config.holdAtStart()))
                || nowMicros - head.arrivalMicros() >= config.holdMicros()
                || held.size() >= config.capacity() * 3 / 4;
    }

    private Released<T> release(Held<T> packet) {
        int lostBefore = (int) (packet.extended() - nextExpected);
        lost += lostBefore;
        boolean start = streamStartPending;
        streamStartPending = false;
        nextExpected = packet.extended() + 1;
        releasedRing[ringIndex(packet.extended())] = packet.extended();
        return new Released<>(packet.ssrc(), packet.sequenceNumber(), packet.extended(), packet.arrivalMicros(),
                lostBefore, start, packet.packet());
    }

    private static int ringIndex(long extended) {
        return (int) (extended & (RELEASED_MEMORY - 1));
    }

    /**
     * When {@link #poll} will next return a packet if nothing else arrives: {@code Long.MIN_VALUE}
     * if one is due now, {@code Long.MAX_VALUE} if the buffer is empty. For a timer (a Flink job's
     * processing- or event-time timer).
     */
    public long nextReleaseMicros() {
        if (!ready.isEmpty()) {
            return Long.MIN_VALUE;
        }
        Map.Entry<Long, Held<T>> head = held.firstEntry();
        if (head == null) {
            return Long.MAX_VALUE;
        }
        Held<T> packet = head.getValue();
        if (packet.extended() == nextExpected || held.size() >= config.capacity() * 3 / 4) {
            return Long.MIN_VALUE;
        }
        return packet.arrivalMicros() + config.holdMicros();
    }

    /** Packets held or waiting to be polled. */
    public int size() {
        return held.size() + ready.size();
    }

    public Config config() {
        return config;
    }

    public Counters counters() {
        return new Counters(offered, released, duplicates, late, lost, overflow, ssrcChanges, restarts, size());
    }
}
