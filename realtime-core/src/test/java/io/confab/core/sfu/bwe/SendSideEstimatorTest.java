package io.confab.core.sfu.bwe;

import io.confab.core.sfu.rtcp.TransportFeedback;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The send-side estimator against synthetic links: packets are logged as sent, "arrive" after a
 * delay the test chooses (or are lost), and the receiver's side is the real
 * {@link TransportFeedbackRecorder}, whose feedback goes back every 50 ms.
 */
class SendSideEstimatorTest {

    private static final long MS = 1_000_000L;
    private static final long INITIAL = 1_000_000;
    private static final int PACKET = 1200;

    /** A link: sends media at a steady rate, delivers each packet after {@code delay} unless {@code lost}, feeds back. */
    private static final class Link {
        final SentPacketLog log = new SentPacketLog(8192, 65_000);
        final SendSideEstimator estimator = new SendSideEstimator(INITIAL, 20_000_000);
        final TransportFeedbackRecorder receiver = new TransportFeedbackRecorder(8192, 1, 0);
        long now = 1_000 * MS;
        long sequence;
        boolean overuseSeen;

        void send(long nowNanos, int bytes, int cluster, LongUnaryOperator delay, LongPredicate lost) {
            int number = log.nextSequenceNumber();
            log.onSent(nowNanos, bytes, cluster);
            if (!lost.test(sequence++)) {
                receiver.onPacket(number, nowNanos + delay.applyAsLong(nowNanos));
            }
        }

        /** Runs for a while at a media rate; a probe cluster, if given, is sent in 20 ms bursts alongside. */
        void run(long millis, long mediaBps, LongUnaryOperator delay, LongPredicate lost, ProbeCluster probe) {
            long interval = PACKET * 8L * 1_000_000_000L / mediaBps;
            long end = now + millis * MS;
            long nextPacket = now;
            long nextFeedback = now + 50 * MS;
            long nextTick = now;
            while (now < end) {
                now = Math.min(nextPacket, Math.min(nextFeedback, nextTick));
                if (now == nextPacket) {
                    send(now, PACKET, SentPacketLog.NO_CLUSTER, delay, lost);
                    nextPacket += interval;
                }
                if (now == nextTick) {
                    if (probe != null && probe.sending()) {
                        int packets = probe.nextBurst(300, 20 * MS);
                        for (int i = 0; i < packets; i++) {
                            send(now, 300, probe.id(), delay, lost);
                            probe.onSent();
                        }
                    }
                    nextTick += 20 * MS;
                }
                if (now == nextFeedback) {
                    // Feedback reaches the sender 20 ms after it covers (one-way delay back).
                    List<TransportFeedback> feedback = receiver.collect(2);
                    for (TransportFeedback packet : feedback) {
                        estimator.onFeedback(packet, log, now + 20 * MS);
                    }
                    overuseSeen |= estimator.usage() == BandwidthUsage.OVERUSING;
                    nextFeedback += 50 * MS;
                }
            }
        }
    }

    private static final LongPredicate NONE_LOST = sequence -> false;

    private static LongUnaryOperator constant(long millis) {
        return sent -> millis * MS;
    }

    @Test
    void risingDelayLowersTheEstimate() {
        Link link = new Link();
        link.run(2_000, 900_000, constant(20), NONE_LOST, null);
        long before = link.estimator.targetBps();
        long start = link.now;
        // From now on a queue builds: each second of sending adds 150 ms of delay.
        link.run(3_000, 900_000, sent -> 20 * MS + (sent - start) * 150 / 1000, NONE_LOST, null);
        assertTrue(link.overuseSeen, "the trendline saw the queue grow");
        assertTrue(link.estimator.targetBps() < before * 9 / 10,
                "estimate " + link.estimator.targetBps() + " should have dropped below 0.9 × " + before);
        assertTrue(link.estimator.targetBps() < 900_000, "below what was being sent: " + link.estimator.targetBps());
        assertEquals(EstimateSource.TRANSPORT_CC, link.estimator.source());
    }

    @Test
    void aCleanLinkDoesNotRaiseTheEstimateWithoutEvidenceButAProbeDoes() {
        Link link = new Link();
        link.run(3_000, 500_000, constant(20), NONE_LOST, null);
        long unprobed = link.estimator.targetBps();
        // 1 Mbit/s is already above 1.5 × the 500 kbit/s acknowledged: without a probe it may not grow.
        assertEquals(INITIAL, unprobed, "the estimate grew without evidence");

        ProbeCluster probe = link.estimator.startProbe(3_000_000, link.now);
        link.run(1_000, 500_000, constant(20), NONE_LOST, probe);
        long probed = link.estimator.targetBps();
        assertTrue(probed >= 2_500_000, "the probe showed 3 Mbit/s pass; estimate " + probed);
        assertEquals(EstimateSource.PROBE, link.estimator.source());
        assertTrue(!link.estimator.probing(link.now), "the cluster is settled");
    }

    @Test
    void aProbeThroughANarrowLinkMeasuresTheLinkNotTheTarget() {
        Link link = new Link();
        link.run(1_000, 300_000, constant(20), NONE_LOST, null);
        ProbeCluster probe = link.estimator.startProbe(4_000_000, link.now);
        // A 1.5 Mbit/s bottleneck: each 300-byte probe packet takes 1.6 ms to cross, so a burst spreads out.
        long[] busyUntil = {0};
        LongUnaryOperator bottleneck = sent -> {
            long start = Math.max(sent, busyUntil[0]);
            busyUntil[0] = start + 300 * 8 * 1_000_000_000L / 1_500_000;
            return busyUntil[0] - sent + 20 * MS;
        };
        link.run(1_000, 300_000, bottleneck, NONE_LOST, probe);
        assertTrue(link.estimator.targetBps() < 2_000_000, "estimate " + link.estimator.targetBps() + " exceeds the link");
    }

    @Test
    void heavyLossLowersTheEstimate() {
        Link link = new Link();
        link.run(1_000, 900_000, constant(20), NONE_LOST, null);
        long before = link.estimator.targetBps();
        link.run(3_000, 900_000, constant(20), sequence -> sequence % 3 == 0, null);
        assertTrue(link.estimator.lastLoss() > 0.25, "loss measured " + link.estimator.lastLoss());
        assertTrue(link.estimator.targetBps() < before * 7 / 10,
                "estimate " + link.estimator.targetBps() + " under 33 % loss, was " + before);
    }

    @Test
    void lightLossDoesNotLowerIt() {
        Link link = new Link();
        link.run(1_000, 900_000, constant(20), NONE_LOST, null);
        long before = link.estimator.targetBps();
        link.run(3_000, 900_000, constant(20), sequence -> sequence % 20 == 0, null);
        assertTrue(link.estimator.targetBps() >= before, "5 % loss is within the hold band; " + link.estimator.targetBps());
    }

    @Test
    void feedbackForPacketsNeverSentIsCountedNotApplied() {
        Link link = new Link();
        TransportFeedback bogus = new TransportFeedback(1, 2, 12, 0, 0,
                List.of(TransportFeedback.PacketStatus.received(12, 1000), TransportFeedback.PacketStatus.received(13, 1000)));
        assertEquals(2, link.estimator.onFeedback(bogus, link.log, link.now));
        assertEquals(INITIAL, link.estimator.targetBps());
        assertEquals(2, link.estimator.unknownPackets());
    }
}
