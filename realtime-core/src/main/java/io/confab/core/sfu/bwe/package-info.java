/**
 * Bandwidth estimation with transport-wide congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01, draft-ietf-rmcat-gcc-02), in both roles:
 *
 * <pre>
 * publisher ─RTP + transport seq─▶ TransportFeedbackRecorder ─every 60 ms─▶ transport-cc feedback ─▶ publisher's estimator
 * SFU ─RTP + transport seq─▶ SentPacketLog ─▶ subscriber ─transport-cc feedback─▶ SendSideEstimator:
 *     TrendlineEstimator (delay) ─▶ AimdRateControl ┐
 *     LossBasedControl (loss) ──────────────────────┼─▶ min ─▶ the receiver's estimate for the allocator
 *     ProbeCluster results (padding probes) ────────┘
 * </pre>
 *
 * Pure state machines fed with clock readings, so every class is tested with synthetic feedback.
 * The packet-rate entry points ({@link io.confab.core.sfu.bwe.TransportFeedbackRecorder#onPacket},
 * {@link io.confab.core.sfu.bwe.SentPacketLog#onSent}) allocate nothing; feedback, a few per
 * second, may. Not thread-safe: everything belongs to the media thread.
 */
package io.confab.core.sfu.bwe;
