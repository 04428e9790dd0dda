package io.confab.core.sfu.bwe;

/**
 * The delay-based over-use detector of draft-ietf-rmcat-gcc-02 §5 in the form libwebrtc's
 * TrendlineEstimator gives it: packets are grouped by send time (§5.2, 5 ms bursts), each group's
 * inter-arrival delay variation d = arrival delta − send delta is accumulated and smoothed, and the
 * slope of a least-squares line through the last 20 smoothed points, scaled, is compared with an
 * adaptive threshold (§5.4). A slope persistently above it means queues grow: over-use.
 */
public final class TrendlineEstimator {
    /** §5.2: packets sent within 5 ms of a group's first are one group (a frame or a pacer burst). */
    private static final long BURST_MICROS = 5_000;
    private static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double THRESHOLD_GAIN = 4.0;
    /** Adaptive threshold (§5.4): starts at 12.5 ms, kept in [6, 600], follows the trend with these gains. */
    private static final double INITIAL_THRESHOLD = 12.5;
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    /** Over-use must last this long (and be seen twice) before it is signalled (§5.4). */
    private static final double OVERUSE_TIME_MS = 10;

    // The group being filled and the last complete one.
    private long groupFirstSend = Long.MIN_VALUE;
    private long groupLastSend;
    private long groupLastArrival;
    private long previousGroupLastSend = Long.MIN_VALUE;
    private long previousGroupLastArrival;

    private final double[] historyX = new double[WINDOW];
    private final double[] historyY = new double[WINDOW];
    private int historySize;
    private int historyStart;
    private long firstArrivalMicros = Long.MIN_VALUE;
    private double accumulatedDelay;
    private double smoothedDelay;
    private int deltas;
    private double previousTrend;
    private double threshold = INITIAL_THRESHOLD;
    private long lastThresholdUpdateMs = Long.MIN_VALUE;
    private double timeOverUsing = -1;
    private int overuseCounter;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    /** One acknowledged packet, in the sender's and the receiver's clocks (each with its own origin). */
    public void onPacket(long sendMicros, long arrivalMicros) {
        if (groupFirstSend == Long.MIN_VALUE) {
            startGroup(sendMicros, arrivalMicros);
            return;
        }
        if (sendMicros < groupFirstSend) {
            return; // reordered from an earlier group: its delay was already accounted for
        }
        if (sendMicros - groupFirstSend <= BURST_MICROS) {
            groupLastSend = Math.max(groupLastSend, sendMicros);
            groupLastArrival = Math.max(groupLastArrival, arrivalMicros);
            return;
        }
        if (previousGroupLastSend != Long.MIN_VALUE) {
            double sendDeltaMs = (groupLastSend - previousGroupLastSend) / 1000.0;
            double arrivalDeltaMs = (groupLastArrival - previousGroupLastArrival) / 1000.0;
            update(arrivalDeltaMs, sendDeltaMs, groupLastArrival);
        }
        previousGroupLastSend = groupLastSend;
        previousGroupLastArrival = groupLastArrival;
        startGroup(sendMicros, arrivalMicros);
    }

    private void startGroup(long sendMicros, long arrivalMicros) {
        groupFirstSend = sendMicros;
        groupLastSend = sendMicros;
        groupLastArrival = arrivalMicros;
    }

    private void update(double arrivalDeltaMs, double sendDeltaMs, long arrivalMicros) {
        double delta = arrivalDeltaMs - sendDeltaMs;
        deltas = Math.min(deltas + 1, 1000);
        if (firstArrivalMicros == Long.MIN_VALUE) {
            firstArrivalMicros = arrivalMicros;
        }
        accumulatedDelay += delta;
        smoothedDelay = SMOOTHING * smoothedDelay + (1 - SMOOTHING) * accumulatedDelay;
        int index = (historyStart + historySize) % WINDOW;
        if (historySize == WINDOW) {
            index = historyStart;
            historyStart = (historyStart + 1) % WINDOW;
        } else {
            historySize++;
        }
        historyX[index] = (arrivalMicros - firstArrivalMicros) / 1000.0;
        historyY[index] = smoothedDelay;
        double trend = historySize == WINDOW ? slope() : previousTrend;
        detect(trend, sendDeltaMs, arrivalMicros / 1000);
    }

    /** Least-squares slope of smoothed delay over arrival time (ms per ms). */
    private double slope() {
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < historySize; i++) {
            sumX += historyX[i];
            sumY += historyY[i];
        }
        double meanX = sumX / historySize;
        double meanY = sumY / historySize;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < historySize; i++) {
            numerator += (historyX[i] - meanX) * (historyY[i] - meanY);
            denominator += (historyX[i] - meanX) * (historyX[i] - meanX);
        }
        return denominator == 0 ? previousTrend : numerator / denominator;
    }

    private void detect(double trend, double sendDeltaMs, long nowMs) {
        if (deltas < 2) {
            state = BandwidthUsage.NORMAL;
            return;
        }
        double modified = Math.min(deltas, 60) * trend * THRESHOLD_GAIN;
        if (modified > threshold) {
            timeOverUsing = timeOverUsing < 0 ? sendDeltaMs / 2 : timeOverUsing + sendDeltaMs;
            overuseCounter++;
            if (timeOverUsing > OVERUSE_TIME_MS && overuseCounter > 1 && trend >= previousTrend) {
                timeOverUsing = 0;
                overuseCounter = 0;
                state = BandwidthUsage.OVERUSING;
            }
        } else if (modified < -threshold) {
            timeOverUsing = -1;
            overuseCounter = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            timeOverUsing = -1;
            overuseCounter = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        updateThreshold(modified, nowMs);
    }

    private void updateThreshold(double modified, long nowMs) {
        if (lastThresholdUpdateMs == Long.MIN_VALUE) {
            lastThresholdUpdateMs = nowMs;
        }
        if (Math.abs(modified) > threshold + 15) {
            // A spike (a route change, a frozen tab) must not drag the threshold along.
            lastThresholdUpdateMs = nowMs;
            return;
        }
        double k = Math.abs(modified) < threshold ? K_DOWN : K_UP;
        long elapsed = Math.min(nowMs - lastThresholdUpdateMs, 100);
        threshold += k * (Math.abs(modified) - threshold) * elapsed;
        threshold = Math.max(6, Math.min(600, threshold));
        lastThresholdUpdateMs = nowMs;
    }

    public BandwidthUsage state() {
        return state;
    }

    /** The last trend, for diagnosis. */
    public double trend() {
        return previousTrend;
    }
}
