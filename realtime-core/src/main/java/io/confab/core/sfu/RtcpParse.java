package io.confab.core.sfu;

import io.confab.core.sfu.rtcp.RtcpCompound;
import io.confab.core.sfu.rtcp.RtcpParseError;
import io.confab.core.sfu.rtcp.RtcpParseResult;
import io.confab.core.sfu.rtcp.RtcpParser;

/** Parses a compound RTCP packet (RFC 3550 §6.1); a compound with any malformed part goes no further. */
final class RtcpParse extends CountedStage<ReceivedRtcp> {

    private final SfuCounters sfu;

    RtcpParse(String stage, SfuCounters sfu) {
        super(stage, PacketDropReason.MALFORMED_RTCP);
        this.sfu = sfu;
    }

    @Override
    public boolean process(ReceivedRtcp packet) {
        RtcpParseResult parsed = RtcpParser.parse(packet.buffer, 0, packet.length);
        if (!(parsed instanceof RtcpCompound compound)) {
            sfu.malformedRtcp.increment();
            if (parsed instanceof RtcpParseError error && error.inTransportFeedback()) {
                sfu.malformedTransportFeedback.increment();
            }
            counters.drop(PacketDropReason.MALFORMED_RTCP);
            return false;
        }
        sfu.rtcpReceived.increment();
        packet.compound = compound;
        return true;
    }
}
