package io.confab.core.sfu;

import io.confab.core.sfu.rtcp.ReceiverReport;
import io.confab.core.sfu.rtcp.Remb;
import io.confab.core.sfu.rtcp.ReportBlock;
import io.confab.core.sfu.rtcp.RtcpPacket;
import io.confab.core.sfu.rtcp.RtcpWriter;
import io.confab.core.sfu.rtcp.SenderReport;
import io.confab.core.sfu.rtcp.SourceDescription;
import io.confab.core.sfu.transport.PeerTransport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The RTCP the SFU sends on its own timers: NACKs to publishers for gaps (every 20 ms tick), and
 * once a second receiver reports plus REMB to every publisher and sender reports plus SDES to
 * every receiver (for their RTT and lip sync).
 */
final class RtcpReports {

    private final SfuContext ctx;

    RtcpReports(SfuContext ctx) {
        this.ctx = ctx;
    }

    /** NACKs for what each publisher's video layers are missing (RFC 4585 §6.2.1). */
    void sendNacks(Collection<Participant> participants, long now) {
        for (Participant sender : participants) {
            if (sender.publish == null || sender.publish.state() != PeerTransport.State.SECURE) {
                continue;
            }
            for (Publication.Layer layer : sender.layersBySsrc.values()) {
                if (!layer.publication.isVideo() || layer.nacks == null) {
                    continue;
                }
                int count = layer.nacks.collect(now, ctx.sequenceNumbers);
                if (count > 0) {
                    int length = RtcpWriter.writeNack(ctx.rtcp, 0, sender.rtcpSsrc, layer.ssrc, ctx.sequenceNumbers, count);
                    if (sender.publish.sendRtcp(ctx.rtcp, 0, length)) {
                        ctx.counters.nacksSent.add(count);
                    }
                }
            }
        }
    }

    /** Receiver reports and REMB to every sender; sender reports to every receiver. */
    void sendReports(Collection<Participant> participants, long now) {
        long wallMs = System.currentTimeMillis();
        for (Participant participant : participants) {
            receiverReports(participant, now);
            senderReports(participant, now, wallMs);
        }
    }

    private void receiverReports(Participant sender, long now) {
        if (sender.publish == null || sender.publish.state() != PeerTransport.State.SECURE || sender.layersBySsrc.isEmpty()) {
            return;
        }
        List<ReportBlock> blocks = new ArrayList<>();
        List<Integer> ssrcs = new ArrayList<>();
        for (Publication.Layer layer : sender.layersBySsrc.values()) {
            if (blocks.size() < ReceiverReport.MAX_REPORT_BLOCKS && layer.statistics != null) {
                blocks.add(layer.statistics.nextReportBlock(now));
            }
            if (layer.publication.isVideo()) {
                ssrcs.add(layer.ssrc);
            }
        }
        List<RtcpPacket> compound = new ArrayList<>();
        compound.add(new ReceiverReport(sender.rtcpSsrc, blocks));
        if (!ssrcs.isEmpty()) {
            compound.add(new Remb(sender.rtcpSsrc, ctx.config.publisherRembBps(), ssrcs));
        }
        int length = RtcpWriter.writeCompound(compound, ctx.rtcp, 0);
        sender.publish.sendRtcp(ctx.rtcp, 0, length);
    }

    private void senderReports(Participant receiver, long now, long wallMs) {
        PeerTransport subscribe = receiver.subscribe;
        if (subscribe == null || subscribe.state() != PeerTransport.State.SECURE) {
            return;
        }
        for (DownTrack track : receiver.downTracks.values()) {
            if (track.packetsSent == 0) {
                continue;
            }
            long ntp = NtpTime.of(wallMs);
            long elapsed = (now - track.lastSentNanos) * track.source.clockRate() / 1_000_000_000L;
            long rtp = (track.lastRtpTimestamp + elapsed) & 0xFFFF_FFFFL;
            List<RtcpPacket> compound = List.of(
                    new SenderReport(track.ssrc, ntp, rtp, track.packetsSent & 0xFFFF_FFFFL,
                            track.octetsSent & 0xFFFF_FFFFL, List.of()),
                    new SourceDescription(List.of(SourceDescription.Chunk.of(track.ssrc, track.source.owner.cname))));
            int length = RtcpWriter.writeCompound(compound, ctx.rtcp, 0);
            subscribe.sendRtcp(ctx.rtcp, 0, length);
        }
    }
}
