package io.confab.core.sfu.bwe;

/**
 * The loss-based controller of draft-ietf-rmcat-gcc-02 §6: over each window of at least 20
 * reported packets and 200 ms, loss above 10 % lowers the rate to rate·(1 − 0.5·loss), loss below
 * 2 % raises it (8 % a second, as libwebrtc does, instead of the draft's 5 % per report, so that it
 * does not depend on the feedback rate), and anything between holds it: that band is the loss a
 * path shows without congestion.
 */
public final class LossBasedControl {
    private static final int MIN_PACKETS = 20;
    private static final long MIN_WINDOW_NANOS = 200_000_000L;
    private static final double HIGH_LOSS = 0.10;
    private static final double LOW_LOSS = 0.02;
    private static final long MIN_BPS = 30_000;

    private final long maxBps;
    private long estimateBps;
    private int windowPackets;
    private int windowLost;
    private long windowStartNanos = Long.MIN_VALUE;
    private long lastIncreaseNanos = Long.MIN_VALUE;
    private double lastLoss;

    public LossBasedControl(long initialBps, long maxBps) {
        this.estimateBps = initialBps;
        this.maxBps = maxBps;
    }

    /** One feedback's counts; {@code ceilingBps} (the delay-based estimate) bounds any increase. */
    public long update(int packets, int lost, long ceilingBps, long nowNanos) {
        if (windowStartNanos == Long.MIN_VALUE) {
            windowStartNanos = nowNanos;
        }
        windowPackets += packets;
        windowLost += lost;
        if (windowPackets < MIN_PACKETS || nowNanos - windowStartNanos < MIN_WINDOW_NANOS) {
            return estimateBps;
        }
        double loss = (double) windowLost / windowPackets;
        lastLoss = loss;
        windowPackets = 0;
        windowLost = 0;
        windowStartNanos = nowNanos;
        if (loss > HIGH_LOSS) {
            estimateBps = Math.max(MIN_BPS, (long) (estimateBps * (1 - 0.5 * loss)));
        } else if (loss < LOW_LOSS) {
            double seconds = lastIncreaseNanos == Long.MIN_VALUE ? 0.2 : Math.min(1.0, (nowNanos - lastIncreaseNanos) / 1e9);
            long raised = (long) (estimateBps * Math.pow(1.08, seconds)) + 1_000;
            estimateBps = Math.min(Math.min(maxBps, Math.max(ceilingBps, estimateBps)), raised);
        }
        lastIncreaseNanos = nowNanos;
        return estimateBps;
    }

    /** A probe showed the path carries this much. */
    public void set(long bps) {
        estimateBps = Math.max(MIN_BPS, Math.min(maxBps, bps));
    }

    public long estimateBps() {
        return estimateBps;
    }

    /** The loss fraction of the last complete window. */
    public double lastLoss() {
        return lastLoss;
    }
}
