package io.confab.core.sfu;

import io.confab.ingest.TappedPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The SFU's packet graph, declared whole in one place, the constructor: what a publisher's RTP goes
 * through ({@link #receive}), what each receiver's copy goes through ({@link #send}), and the RTCP
 * from publishers and receivers ({@link #publisherRtcp}, {@link #receiverRtcp}). One set per SFU, run on the media thread;
 * the stages keep no state of a meeting (that is in {@link Conference} and the objects it owns),
 * only their counters, which therefore cover every meeting.
 *
 * <pre>
 * SRTP-decrypted RTP from a publish transport ─▶ receive:
 *   rtp_parse ─▶ transport_cc_arrivals ─▶ layer_lookup ─▶ rtx_unwrap ─▶ payload_type_filter
 *   ─▶ receive_statistics ─▶ keyframe_reader ─▶ audio_level ─▶ mute_gate ─▶ recording_tap ─▶ fan_out
 * fan_out, per subscribed receiver ─▶ send:
 *   layer_gate ─▶ receiver_connected ─▶ stream_rewrite ─▶ copy_writer ─▶ srtp_send
 * RTCP from a publisher:  publisher_rtcp_parse ─▶ sender_reports
 * RTCP from a receiver:   receiver_rtcp_parse ─▶ receiver_feedback (reports, PLI/FIR, NACK as RTX, REMB, transport-cc)
 * </pre>
 */
final class PacketPaths {

    final KeyframeRequests keyframes;
    final StagePath<ForwardedCopy> send;
    final StagePath<ReceivedPacket> receive;
    final StagePath<ReceivedRtcp> publisherRtcp;
    final StagePath<ReceivedRtcp> receiverRtcp;
    /** The media thread's views of the packet on each path, reused packet after packet. */
    final ReceivedPacket received;
    final ReceivedRtcp rtcp = new ReceivedRtcp();

    PacketPaths(SfuContext ctx, Predicate<TappedPacket> tap) {
        this.received = new ReceivedPacket(ctx.inbound);
        this.keyframes = new KeyframeRequests(ctx.counters, ctx.rtcp);
        // The whole graph, in the order a packet meets it. The send path first: fan_out hands each
        // receiver's copy to it.
        this.send = new StagePath<>("send",
                new LayerGate(ctx.counters),
                new ReceiverConnected(),
                new StreamRewrite(ctx.counters),
                new CopyWriter(ctx.writer, ctx.out, ctx.absSendTime, ctx.vp8Out),
                new SrtpSend(ctx.counters, ctx.forwardingDelay, ctx.out, ctx.port.batched()));
        this.receive = new StagePath<>("receive",
                new RtpParse(ctx.counters),
                new TransportCcArrivals(),
                new LayerLookup(ctx.counters),
                new RtxUnwrap(ctx.counters),
                new PayloadTypeFilter(ctx.counters),
                new ReceiveStatisticsUpdate(),
                new KeyframeReader(ctx.vp8),
                new AudioLevelReader(ctx.signals),
                new MuteGate(ctx.counters),
                new RecordingTap(ctx.counters, keyframes, tap),
                new FanOut(send, new ForwardedCopy(), ctx.absSendTime));
        this.publisherRtcp = new StagePath<>("publisher_rtcp",
                new RtcpParse("publisher_rtcp_parse", ctx.counters),
                new SenderReportReader());
        this.receiverRtcp = new StagePath<>("receiver_rtcp",
                new RtcpParse("receiver_rtcp_parse", ctx.counters),
                new ReceiverFeedback(ctx.counters, keyframes, new Retransmission(ctx)));
    }

    /** Every stage's counters, path by path, in path order. */
    List<StageCounters> stageCounters() {
        List<StageCounters> all = new ArrayList<>();
        for (StagePath<?> path : List.of(receive, send, publisherRtcp, receiverRtcp)) {
            for (PacketStage<?> stage : path.stages()) {
                all.add(stage.counters());
            }
        }
        return all;
    }
}
