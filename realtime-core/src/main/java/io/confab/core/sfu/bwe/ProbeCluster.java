package io.confab.core.sfu.bwe;

import java.util.Arrays;

/**
 * One bandwidth probe: a short cluster of padding-only packets sent at a target rate above the
 * current estimate, and what feedback says of it. Sent in bursts on the media thread's 20 ms tick
 * over {@link #BURSTS} ticks; its result is the lower of the rate it left at and the rate it arrived
 * at (as libwebrtc's ProbeBitrateEstimator), each measured over the interval between its first and
 * last burst, so the last burst's bytes do not count for sending, nor the first's for arriving.
 */
public final class ProbeCluster {
    /** Five bursts 20 ms apart: 80 ms of sending, long enough for a queue to show, short enough to hurt no call. */
    public static final int BURSTS = 5;
    /** Feedback for this share of the cluster's packets makes the result final. */
    private static final double COMPLETE_SHARE = 0.8;
    private static final int MIN_RECEIVED = 5;
    private static final int MAX_PACKETS = 2048;

    private final int id;
    private final long targetBps;
    private final long startNanos;
    private int burstsLeft = BURSTS;
    private int sent;
    private int reported;
    private int received;
    private final long[] sendMicros = new long[64];
    private final long[] arrivalMicros = new long[64];
    private final int[] sizes = new int[64];
    private long[] sendBuffer = sendMicros;
    private long[] arrivalBuffer = arrivalMicros;
    private int[] sizeBuffer = sizes;
    private boolean finished;

    ProbeCluster(int id, long targetBps, long startNanos) {
        this.id = id;
        this.targetBps = targetBps;
        this.startNanos = startNanos;
    }

    public int id() {
        return id;
    }

    public long targetBps() {
        return targetBps;
    }

    public long startNanos() {
        return startNanos;
    }

    /** How many padding packets of this size the next burst holds; 0 once all bursts are out. */
    public int nextBurst(int packetBytes, long tickNanos) {
        if (burstsLeft == 0) {
            return 0;
        }
        burstsLeft--;
        long bytes = targetBps * tickNanos / 8 / 1_000_000_000L;
        return (int) Math.max(1, Math.min(MAX_PACKETS / BURSTS, (bytes + packetBytes - 1) / packetBytes));
    }

    public boolean sending() {
        return burstsLeft > 0;
    }

    /** A packet of the cluster left (the log holds its details). */
    public void onSent() {
        sent++;
    }

    int sent() {
        return sent;
    }

    void onReported(boolean arrived, long sendMicros, long arrivalMicros, int size) {
        reported++;
        if (!arrived) {
            return;
        }
        if (received == sendBuffer.length) {
            if (received == MAX_PACKETS) {
                return;
            }
            sendBuffer = Arrays.copyOf(sendBuffer, received * 2);
            arrivalBuffer = Arrays.copyOf(arrivalBuffer, received * 2);
            sizeBuffer = Arrays.copyOf(sizeBuffer, received * 2);
        }
        sendBuffer[received] = sendMicros;
        arrivalBuffer[received] = arrivalMicros;
        sizeBuffer[received] = size;
        received++;
    }

    boolean complete() {
        return !sending() && sent > 0 && reported >= Math.ceil(sent * COMPLETE_SHARE);
    }

    boolean finished() {
        return finished;
    }

    void finish() {
        finished = true;
    }

    /** The rate the path carried the probe at, or -1 when too little of it arrived to tell. */
    long resultBps() {
        if (received < MIN_RECEIVED) {
            return -1;
        }
        long firstSend = Long.MAX_VALUE;
        long lastSend = Long.MIN_VALUE;
        long firstArrival = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        for (int i = 0; i < received; i++) {
            firstSend = Math.min(firstSend, sendBuffer[i]);
            lastSend = Math.max(lastSend, sendBuffer[i]);
            firstArrival = Math.min(firstArrival, arrivalBuffer[i]);
            lastArrival = Math.max(lastArrival, arrivalBuffer[i]);
        }
        long sentBytes = 0;
        long arrivedBytes = 0;
        for (int i = 0; i < received; i++) {
            if (sendBuffer[i] < lastSend) {
                sentBytes += sizeBuffer[i];
            }
            if (sendBuffer[i] > firstSend) {
                arrivedBytes += sizeBuffer[i];
            }
        }
        long sendSpan = lastSend - firstSend;
        long arrivalSpan = lastArrival - firstArrival;
        if (sendSpan <= 0 || arrivalSpan <= 0) {
            return -1;
        }
        long sendBps = sentBytes * 8 * 1_000_000 / sendSpan;
        long arrivalBps = arrivedBytes * 8 * 1_000_000 / arrivalSpan;
        return Math.min(sendBps, arrivalBps);
    }
}
