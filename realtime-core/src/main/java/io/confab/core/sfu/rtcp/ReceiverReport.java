package io.confab.core.sfu.rtcp;

import java.util.List;

/** RR (RFC 3550 §6.4.2): reception reports from a participant that is not sending. */
public record ReceiverReport(int senderSsrc, List<ReportBlock> reportBlocks) implements RtcpPacket {
    /** The 5-bit report count field (RFC 3550 §6.4.1). */
    public static final int MAX_REPORT_BLOCKS = 31;

    public ReceiverReport {
        reportBlocks = checkedBlocks(reportBlocks);
    }

    static List<ReportBlock> checkedBlocks(List<ReportBlock> blocks) {
        if (blocks.size() > MAX_REPORT_BLOCKS) {
            throw new IllegalArgumentException(blocks.size() + " report blocks, at most 31 fit one packet");
        }
        return List.copyOf(blocks);
    }
}
