package io.confab.core.sfu.bwe;

/**
 * The delay-based rate controller of draft-ietf-rmcat-gcc-02 §5.5: a state machine driven by the
 * over-use detector. Increase multiplies the rate by up to 8 % a second while far from the last
 * known link capacity and adds about one packet per response time near it; over-use decreases to
 * 0.85 of the throughput the receiver acknowledged and remembers it as the capacity; under-use holds.
 * Increases stop at 1.5 × the acknowledged throughput (+10 kbit/s), so an idle link never makes the
 * estimate grow without evidence: that is what probes are for.
 */
public final class AimdRateControl {
    private static final double BETA = 0.85;
    private static final double MULTIPLICATIVE_PER_SECOND = 1.08;
    /** About one 1200-byte packet per 200 ms response time (RTT + 100 ms): 48 kbit/s a second. */
    private static final double ADDITIVE_BPS_PER_SECOND = 1200 * 8 / 0.2;
    private static final long MIN_BPS = 30_000;

    private enum State { HOLD, INCREASE, DECREASE }

    private final long maxBps;
    private long estimateBps;
    private long linkCapacityBps = -1;
    private State state = State.INCREASE;
    private long lastUpdateNanos = Long.MIN_VALUE;

    public AimdRateControl(long initialBps, long maxBps) {
        this.estimateBps = initialBps;
        this.maxBps = maxBps;
    }

    /** One detector verdict with the throughput acknowledged by feedback (0 when not yet known). */
    public long update(BandwidthUsage usage, long acknowledgedBps, long nowNanos) {
        double seconds = lastUpdateNanos == Long.MIN_VALUE ? 0 : Math.min(1.0, (nowNanos - lastUpdateNanos) / 1e9);
        lastUpdateNanos = nowNanos;
        switch (usage) {
            case OVERUSING -> state = State.DECREASE;
            case UNDERUSING -> state = State.HOLD;
            case NORMAL -> {
                if (state == State.HOLD || state == State.DECREASE) {
                    state = State.INCREASE;
                }
            }
        }
        if (linkCapacityBps > 0 && acknowledgedBps > linkCapacityBps * 3 / 2) {
            linkCapacityBps = -1; // the path got wider than the capacity we learned
        }
        switch (state) {
            case HOLD -> {
            }
            case INCREASE -> {
                boolean evidence = acknowledgedBps <= 0 || estimateBps <= acknowledgedBps * 3 / 2 + 10_000;
                if (evidence) {
                    double increase = linkCapacityBps > 0 && estimateBps > linkCapacityBps * 9 / 10
                            ? ADDITIVE_BPS_PER_SECOND * seconds
                            : estimateBps * (Math.pow(MULTIPLICATIVE_PER_SECOND, seconds) - 1);
                    estimateBps = Math.min(maxBps, estimateBps + Math.max((long) increase, seconds > 0 ? 1_000 : 0));
                }
            }
            case DECREASE -> {
                long basis = acknowledgedBps > 0 ? acknowledgedBps : estimateBps;
                long decreased = Math.max(MIN_BPS, (long) (BETA * basis));
                if (decreased < estimateBps) {
                    estimateBps = decreased;
                    linkCapacityBps = basis;
                }
                state = State.HOLD;
            }
        }
        return estimateBps;
    }

    /** A probe or the loss-based part settled the rate. */
    public void set(long bps) {
        estimateBps = Math.max(MIN_BPS, Math.min(maxBps, bps));
    }

    public long estimateBps() {
        return estimateBps;
    }
}
