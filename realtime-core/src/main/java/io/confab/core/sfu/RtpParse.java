package io.confab.core.sfu;

import io.confab.core.sfu.rtp.RtpParseStatus;

/** Reads the RTP header (RFC 3550 §5.1) of a decrypted packet; a packet that is not RTP goes no further. */
final class RtpParse extends CountedStage<ReceivedPacket> {

    private final SfuCounters sfu;

    RtpParse(SfuCounters sfu) {
        super("rtp_parse", PacketDropReason.MALFORMED_RTP);
        this.sfu = sfu;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        if (packet.rtp.parse(packet.buffer, 0, packet.length) != RtpParseStatus.OK) {
            sfu.malformedRtp.increment();
            counters.drop(PacketDropReason.MALFORMED_RTP);
            return false;
        }
        sfu.rtpReceived.increment();
        return true;
    }
}
