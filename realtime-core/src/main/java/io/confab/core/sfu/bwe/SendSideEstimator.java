package io.confab.core.sfu.bwe;

import io.confab.core.sfu.rtcp.TransportFeedback;
import io.confab.core.sfu.rtp.BitrateMeter;

import java.util.ArrayList;
import java.util.List;

/**
 * One receiver's downlink as the sender sees it from transport-cc feedback (draft-ietf-rmcat-gcc-02
 * §4): every reported packet is matched with its send time and size in the {@link SentPacketLog};
 * arrivals feed the {@link TrendlineEstimator} and the acknowledged throughput, and the detector's
 * verdict drives the {@link AimdRateControl}; reported losses drive the {@link LossBasedControl}.
 * The estimate is the lower of the two. Probe clusters' results raise both when the path carried
 * more than the estimate.
 */
public final class SendSideEstimator {
    /** Clusters whose feedback never came are given up after this long. */
    private static final long PROBE_TIMEOUT_NANOS = 2_000_000_000L;
    /** Gradual increases this far past a probe's result make the controllers, not the probe, the source. */
    private static final double PROBE_SOURCE_MARGIN = 1.10;

    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final AimdRateControl delayBased;
    private final LossBasedControl lossBased;
    private final BitrateMeter acknowledged = new BitrateMeter(1_000_000_000L, 10);
    private final List<ProbeCluster> probes = new ArrayList<>();
    private int nextProbeId;
    private long targetBps;
    private EstimateSource source = EstimateSource.TRANSPORT_CC;
    private long probeResultBps = -1;
    private long lastFeedbackNanos = Long.MIN_VALUE;
    private boolean referenceKnown;
    private int lastReference;
    private long referenceTicks;
    private long lastArrivalMicros;
    private long feedbacks;
    private long unknownPackets;
    private long probesStarted;
    private long lastProbeTargetBps = -1;
    private long lastProbeResultBps = -1;

    public SendSideEstimator(long initialBps, long maxBps) {
        this.delayBased = new AimdRateControl(initialBps, maxBps);
        this.lossBased = new LossBasedControl(initialBps, maxBps);
        this.targetBps = initialBps;
    }

    /** Applies one feedback packet; returns how many of its statuses matched no packet in the log. */
    public int onFeedback(TransportFeedback feedback, SentPacketLog log, long nowNanos) {
        lastFeedbackNanos = nowNanos;
        feedbacks++;
        long arrivalMicros = unwrapReference(feedback.referenceTime()) * TransportFeedback.REFERENCE_TICK_MICROS;
        int reported = 0;
        int lost = 0;
        int unknown = 0;
        for (TransportFeedback.PacketStatus status : feedback.packets()) {
            if (status.received()) {
                arrivalMicros += status.receiveDeltaMicros();
            }
            long sequence = log.find(status.sequenceNumber());
            if (sequence < 0) {
                unknown++;
                continue;
            }
            if (!log.acknowledge(sequence)) {
                continue;
            }
            reported++;
            long sendMicros = log.sendNanos(sequence) / 1000;
            int size = log.size(sequence);
            ProbeCluster cluster = cluster(log.cluster(sequence));
            if (cluster != null) {
                cluster.onReported(status.received(), sendMicros, arrivalMicros, size);
            }
            if (!status.received()) {
                lost++;
                continue;
            }
            lastArrivalMicros = Math.max(lastArrivalMicros, arrivalMicros);
            acknowledged.add(arrivalMicros * 1000, size);
            trendline.onPacket(sendMicros, arrivalMicros);
        }
        unknownPackets += unknown;
        if (reported > 0) {
            long acknowledgedBps = acknowledged.bitsPerSecond(lastArrivalMicros * 1000);
            long delay = delayBased.update(trendline.state(), acknowledgedBps, nowNanos);
            long loss = lossBased.update(reported, lost, delay, nowNanos);
            settle(Math.min(delay, loss));
        }
        finishProbes(nowNanos);
        return unknown;
    }

    /** The 24-bit reference time wraps every ~12 days of 64 ms ticks; each is read relative to the last. */
    private long unwrapReference(int reference) {
        if (!referenceKnown) {
            referenceKnown = true;
            referenceTicks = reference;
        } else {
            referenceTicks += ((reference - lastReference) << 8) >> 8;
        }
        lastReference = reference;
        return referenceTicks;
    }

    private void settle(long bps) {
        if (source == EstimateSource.PROBE && bps >= probeResultBps && bps <= probeResultBps * PROBE_SOURCE_MARGIN) {
            targetBps = bps;
            return;
        }
        if (bps != targetBps) {
            source = EstimateSource.TRANSPORT_CC;
        }
        targetBps = bps;
    }

    private void finishProbes(long nowNanos) {
        for (ProbeCluster cluster : probes) {
            if (cluster.finished() || !cluster.complete()) {
                continue;
            }
            cluster.finish();
            long result = cluster.resultBps();
            lastProbeResultBps = result;
            if (result > targetBps) {
                delayBased.set(result);
                lossBased.set(result);
                targetBps = Math.min(delayBased.estimateBps(), lossBased.estimateBps());
                probeResultBps = targetBps;
                source = EstimateSource.PROBE;
            }
        }
        probes.removeIf(c -> c.finished() || nowNanos - c.startNanos() > PROBE_TIMEOUT_NANOS);
    }

    private ProbeCluster cluster(int id) {
        if (id == SentPacketLog.NO_CLUSTER) {
            return null;
        }
        for (ProbeCluster cluster : probes) {
            if (cluster.id() == id) {
                return cluster;
            }
        }
        return null;
    }

    /** A new probe cluster at this rate; the caller sends its bursts and logs its packets under its id. */
    public ProbeCluster startProbe(long targetBps, long nowNanos) {
        ProbeCluster cluster = new ProbeCluster(nextProbeId, targetBps, nowNanos);
        probesStarted++;
        lastProbeTargetBps = targetBps;
        nextProbeId = (nextProbeId + 1) & 0x7FFF_FFFF;
        probes.add(cluster);
        return cluster;
    }

    /** Whether a probe is out and its result not yet known (nor given up). */
    public boolean probing(long nowNanos) {
        finishProbes(nowNanos);
        return !probes.isEmpty();
    }

    public long targetBps() {
        return targetBps;
    }

    public EstimateSource source() {
        return source;
    }

    /** When the last feedback came, {@link Long#MIN_VALUE} before any. */
    public long lastFeedbackNanos() {
        return lastFeedbackNanos;
    }

    public long feedbacks() {
        return feedbacks;
    }

    public long unknownPackets() {
        return unknownPackets;
    }

    /** Probe clusters started so far. */
    public long probes() {
        return probesStarted;
    }

    /** The rate the last probe was sent at, -1 before any. */
    public long lastProbeTargetBps() {
        return lastProbeTargetBps;
    }

    /** What the last settled probe measured, -1 before any or when too little of it was reported. */
    public long lastProbeResultBps() {
        return lastProbeResultBps;
    }

    public BandwidthUsage usage() {
        return trendline.state();
    }

    public double lastLoss() {
        return lossBased.lastLoss();
    }
}
