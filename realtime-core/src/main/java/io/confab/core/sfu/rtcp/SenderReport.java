package io.confab.core.sfu.rtcp;

import java.util.List;

/**
 * SR (RFC 3550 §6.4.1): the sender's NTP and RTP clocks at one moment, which lets receivers map
 * RTP time to wall time and compute round trips, its packet and octet counts, and reception reports.
 */
public record SenderReport(int senderSsrc, long ntpTimestamp, long rtpTimestamp, long packetCount,
                           long octetCount, List<ReportBlock> reportBlocks) implements RtcpPacket {
    public SenderReport {
        ReportBlock.checkUnsigned32("RTP timestamp", rtpTimestamp);
        ReportBlock.checkUnsigned32("packet count", packetCount);
        ReportBlock.checkUnsigned32("octet count", octetCount);
        reportBlocks = ReceiverReport.checkedBlocks(reportBlocks);
    }
}
