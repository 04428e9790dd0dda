package io.confab.core.sfu;

import io.confab.core.sfu.rtcp.RtcpPacket;
import io.confab.core.sfu.rtcp.SenderReport;

/**
 * A publisher's sender reports: their NTP time goes into the layer's receive statistics, so our
 * receiver reports carry LSR and DLSR (RFC 3550 §6.4.1) and the publisher can measure its RTT.
 */
final class SenderReportReader extends CountedStage<ReceivedRtcp> {

    SenderReportReader() {
        super("sender_reports");
    }

    @Override
    public boolean process(ReceivedRtcp packet) {
        for (RtcpPacket part : packet.compound.packets()) {
            if (part instanceof SenderReport report) {
                Publication.Layer layer = packet.from.layersBySsrc.get(report.senderSsrc());
                if (layer != null && layer.statistics != null) {
                    layer.statistics.onSenderReport(report.ntpTimestamp(), packet.now);
                }
            }
        }
        return true;
    }
}
