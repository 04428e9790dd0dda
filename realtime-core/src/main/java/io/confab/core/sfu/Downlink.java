package io.confab.core.sfu;

import io.confab.core.sfu.allocation.ReceiverAllocation;
import io.confab.core.sfu.allocation.SimulcastLayer;
import io.confab.core.sfu.allocation.SourceAllocation;
import io.confab.core.sfu.allocation.PublishedVideo;
import io.confab.core.sfu.bwe.EstimateSource;
import io.confab.core.sfu.bwe.ProbeCluster;
import io.confab.core.sfu.bwe.SendSideEstimator;
import io.confab.core.sfu.bwe.SentPacketLog;
import io.confab.core.sfu.rtcp.TransportFeedback;
import io.confab.core.sfu.rtp.AbsSendTime;
import io.confab.core.sfu.rtp.RtpHeaderWriter;
import io.confab.core.sfu.rtp.TransportWideSequenceNumber;
import io.confab.core.sfu.sdp.HeaderExtensionUri;
import io.confab.core.sfu.sdp.SubscribeAnswer;
import io.confab.core.sfu.sdp.SubscribeOfferer;
import io.confab.core.sfu.transport.PeerTransport;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One receiver's subscribe transport as the congestion controller sees it: the header extensions
 * its answer accepted (mid, transport-wide sequence numbers), the log of what was sent, the
 * send-side estimator fed by its transport-cc feedback, and the probe clusters that let the
 * estimate climb above what is being sent. Media thread only.
 */
final class Downlink {
    /** Where the estimate starts before feedback says more; probes take it up within seconds. */
    static final long INITIAL_BPS = 1_000_000;
    static final long MAX_BPS = 20_000_000;
    /** The downlink a REMB receiver gets until its REMB says otherwise; REMB below what we send means congestion. */
    private static final long DEFAULT_REMB_RECEIVER_BPS = 5_000_000L;
    private static final long REMB_STALE_NANOS = 5_000_000_000L;
    /** Without transport-cc feedback for this long the receiver's REMB is used again. */
    private static final long FEEDBACK_STALE_NANOS = 2_000_000_000L;
    /** A probe at most once a second: each successful one lets the allocation climb one step. */
    private static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;
    /** Probe a quarter above what the next layers need, so the upgrade headroom is covered. */
    private static final double PROBE_HEADROOM = 1.25;
    /** RFC 3550 §5.1: the last padding byte counts the padding; 255 is the most one packet carries. */
    static final int PADDING_BYTES = 255;
    private static final long TICK_NANOS = 20_000_000L;

    private final Participant receiver;
    final SentPacketLog sent = new SentPacketLog(8192, ThreadLocalRandom.current().nextInt(0x10000));
    final SendSideEstimator estimator = new SendSideEstimator(INITIAL_BPS, MAX_BPS);
    private boolean writesMid;
    private boolean writesTransportSequence;
    private ProbeCluster probe;
    private DownTrack probeTrack;
    private long lastProbeNanos = Long.MIN_VALUE / 2;
    /** The estimate the last allocation used, and what it came from, for the stats. */
    long estimateBps = -1;
    EstimateSource estimateSource = EstimateSource.REMB;
    /** The bitrate of the layers the last allocation chose. */
    long allocatedBps;

    Downlink(Participant receiver) {
        this.receiver = receiver;
    }

    /** RFC 8285 §6: only extensions the receiver's answer kept are written. */
    void accepted(SubscribeAnswer answer) {
        writesMid = answer.accepts(HeaderExtensionUri.MID);
        writesTransportSequence = answer.accepts(HeaderExtensionUri.TRANSPORT_CC);
    }

    /** The mid of the track's slot and the next transport-wide sequence number, after abs-send-time. */
    RtpHeaderWriter addExtensions(RtpHeaderWriter writer, DownTrack track) {
        if (writesMid) {
            writer.addExtension(SubscribeOfferer.MID_EXTENSION_ID, track.midBytes, 0, track.midBytes.length);
        }
        if (writesTransportSequence) {
            writer.addExtension(SubscribeOfferer.TRANSPORT_CC_EXTENSION_ID, sent.nextSequenceNumber(),
                    TransportWideSequenceNumber.LENGTH);
        }
        return writer;
    }

    /** The packet written with {@link #addExtensions} left; its sequence number is used up. */
    void onSent(long nowNanos, int length, int cluster) {
        if (writesTransportSequence) {
            sent.onSent(nowNanos, length, cluster);
        }
    }

    void onFeedback(TransportFeedback feedback, long nowNanos, SfuCounters counters) {
        if (!writesTransportSequence) {
            counters.transportFeedbackUnexpected.increment();
            return;
        }
        counters.transportFeedbackReceived.increment();
        int unknown = estimator.onFeedback(feedback, sent, nowNanos);
        if (unknown > 0) {
            counters.transportFeedbackUnknownPackets.add(unknown);
        }
    }

    /**
     * The estimate the allocation uses, noted with its source for the stats: the transport-cc
     * estimate while feedback comes, otherwise from REMB. The SFU probes only with transport-cc, so a
     * REMB that merely follows what it is sent is no ceiling; a REMB clearly below it is congestion
     * and is believed.
     */
    long estimate(long nowNanos) {
        if (usesTransportCc(nowNanos)) {
            estimateBps = estimator.targetBps();
            estimateSource = estimator.source();
        } else {
            estimateBps = rembEstimate(nowNanos);
            estimateSource = EstimateSource.REMB;
        }
        return estimateBps;
    }

    private long rembEstimate(long nowNanos) {
        if (receiver.rembBps <= 0 || nowNanos - receiver.rembAtNanos > REMB_STALE_NANOS) {
            return DEFAULT_REMB_RECEIVER_BPS;
        }
        long forwarded = 0;
        for (DownTrack track : receiver.downTracks.values()) {
            if (track.isVideo() && track.currentLayer >= 0) {
                forwarded += track.source.layers.get(track.currentLayer).bitrateOrNominal(nowNanos);
            }
        }
        if (receiver.rembBps < forwarded * 85 / 100) {
            return receiver.rembBps;
        }
        return Math.max(receiver.rembBps, DEFAULT_REMB_RECEIVER_BPS);
    }

    /** Whether the transport-cc estimate is live: negotiated, and feedback keeps coming. */
    boolean usesTransportCc(long nowNanos) {
        return writesTransportSequence && nowNanos - estimator.lastFeedbackNanos() < FEEDBACK_STALE_NANOS;
    }

    /**
     * After an allocation: when a source is held below the layer the receiver wants and the
     * estimate, not the receiver's cap, is what holds it, sends a probe a quarter above what the
     * next layers up would need.
     */
    void considerProbe(ReceiverAllocation allocation, Map<String, PublishedVideo> sources, long capBps, long nowNanos) {
        allocatedBps = allocation.allocatedBps();
        if (!usesTransportCc(nowNanos) || probe != null || estimator.probing(nowNanos)
                || nowNanos - lastProbeNanos < PROBE_INTERVAL_NANOS) {
            return;
        }
        long needed = neededForNextLayers(allocation, sources);
        long estimate = estimator.targetBps();
        long limit = capBps > 0 ? capBps : MAX_BPS;
        if (needed <= allocation.allocatedBps() || estimate >= limit) {
            return;
        }
        DownTrack carrier = null;
        for (DownTrack track : receiver.downTracks.values()) {
            if (track.isVideo() && track.currentLayer >= 0 && track.rtxSsrc != 0) {
                carrier = track;
                break;
            }
        }
        if (carrier == null) {
            return;
        }
        long target = Math.min((long) (needed * PROBE_HEADROOM), (long) (limit * PROBE_HEADROOM));
        if (target <= estimate) {
            return;
        }
        probe = estimator.startProbe(Math.min(target, MAX_BPS), nowNanos);
        probeTrack = carrier;
        lastProbeNanos = nowNanos;
    }

    /**
     * What the receiver would spend if every source held back by bandwidth went one layer up (or,
     * getting nothing for want of bandwidth, got its lowest active layer).
     */
    static long neededForNextLayers(ReceiverAllocation allocation, Map<String, PublishedVideo> sources) {
        long needed = allocation.allocatedBps();
        for (SourceAllocation source : allocation.sources()) {
            PublishedVideo video = sources.get(source.sourceId());
            if (video == null) {
                continue;
            }
            if (source.forwarded() && source.layer() < source.targetLayer()) {
                for (int next = source.layer() + 1; next < video.layers().size(); next++) {
                    SimulcastLayer layer = video.layers().get(next);
                    if (layer.active()) {
                        needed += layer.bitrateBps() - source.bitrateBps();
                        break;
                    }
                }
            } else if (source.reason() == SourceAllocation.Reason.BANDWIDTH) {
                for (SimulcastLayer layer : video.layers()) {
                    if (layer.active()) {
                        needed += layer.bitrateBps();
                        break;
                    }
                }
            }
        }
        return needed;
    }

    /**
     * One burst of the probe cluster in flight: padding-only RTP packets (RFC 3550 §5.1, P bit and
     * a count in the last byte) on the RTX SSRC of a forwarded video track, which Chrome accepts and
     * discards after counting them for transport-cc. Called at the probe's start and every tick.
     */
    void sendProbeBurst(SfuContext ctx, long nowNanos) {
        if (probe == null) {
            return;
        }
        PeerTransport transport = receiver.subscribe;
        if (!probe.sending() || transport == null || transport.state() != PeerTransport.State.SECURE
                || !receiver.downTracks.containsValue(probeTrack)) {
            probe = null;
            probeTrack = null;
            return;
        }
        DownTrack track = probeTrack;
        int headerBytes = 12 + 4 + 16;
        int packets = probe.nextBurst(headerBytes + PADDING_BYTES, TICK_NANOS);
        AbsSendTime.write(ctx.absSendTime, 0, nowNanos);
        for (int i = 0; i < packets; i++) {
            RtpHeaderWriter writer = ctx.writer.clearExtensions()
                    .marker(false)
                    .payloadType(SubscribeOfferer.VP8_RTX_PAYLOAD_TYPE)
                    .sequenceNumber(track.rtxSequence)
                    .timestamp(track.lastRtpTimestamp)
                    .ssrc(track.rtxSsrc)
                    .addExtension(SubscribeOfferer.ABS_SEND_TIME_EXTENSION_ID, ctx.absSendTime, 0, AbsSendTime.LENGTH);
            int length = addExtensions(writer, track).write(ctx.out, 0, ctx.padding, 0, PADDING_BYTES);
            ctx.out[0] |= 0x20;
            ctx.out[length - 1] = (byte) PADDING_BYTES;
            track.rtxSequence = (track.rtxSequence + 1) & 0xFFFF;
            if (transport.sendRtp(ctx.out, 0, length)) {
                onSent(nowNanos, length, probe.id());
                probe.onSent();
                ctx.counters.probePackets.increment();
            }
        }
        if (!probe.sending()) {
            probe = null;
            probeTrack = null;
        }
    }
}
