package io.confab.core.sfu;

import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpParseStatus;

/**
 * Turns a retransmission we asked for back into the original packet (RFC 4588 §4): the original
 * sequence number is the payload's first two bytes, the SSRC and payload type are the layer's.
 * The rest of the path never sees RTX.
 */
final class RtxUnwrap extends CountedStage<ReceivedPacket> {

    private final SfuCounters sfu;

    RtxUnwrap(SfuCounters sfu) {
        super("rtx_unwrap", PacketDropReason.RTX_UNUSABLE, PacketDropReason.MALFORMED_RTP);
        this.sfu = sfu;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        if (!packet.retransmission) {
            return true;
        }
        Publication.Layer layer = packet.layer;
        RtpPacket rtp = packet.rtp;
        if (!layer.ssrcKnown || rtp.payloadLength() < 2 || layer.publication.codec == null) {
            counters.drop(PacketDropReason.RTX_UNUSABLE);
            return false;
        }
        byte[] buffer = packet.buffer;
        int payload = rtp.payloadOffset();
        int originalSequence = ((buffer[payload] & 0xFF) << 8) | (buffer[payload + 1] & 0xFF);
        int originalLength = rtp.payloadLength() - 2;
        System.arraycopy(buffer, payload + 2, buffer, payload, originalLength);
        // The shifted payload ends before any padding the RTX packet had, so the padding bit goes.
        buffer[0] &= (byte) ~0x20;
        packet.length = payload + originalLength;
        if (rtp.parse(buffer, 0, packet.length) != RtpParseStatus.OK) {
            sfu.malformedRtp.increment();
            counters.drop(PacketDropReason.MALFORMED_RTP);
            return false;
        }
        rtp.setSequenceNumber(originalSequence);
        rtp.setSsrc(layer.ssrc);
        rtp.setPayloadType(layer.publication.codec.payloadType());
        return true;
    }
}
