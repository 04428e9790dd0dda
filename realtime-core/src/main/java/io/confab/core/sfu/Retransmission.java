package io.confab.core.sfu;

import io.confab.core.sfu.bwe.SentPacketLog;
import io.confab.core.sfu.rtp.AbsSendTime;
import io.confab.core.sfu.rtp.RtpHeaderWriter;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpParseStatus;
import io.confab.core.sfu.sdp.SubscribeOfferer;
import io.confab.core.sfu.transport.PeerTransport;

import java.util.List;

/**
 * Answers a receiver's NACK from the down track's history, as RTX (RFC 4588 §4) on the track's RTX
 * SSRC: SRTP refuses to encrypt one packet index twice, so a plain resend could not go out.
 */
final class Retransmission {

    private final SfuContext ctx;

    Retransmission(SfuContext ctx) {
        this.ctx = ctx;
    }

    void answer(DownTrack track, List<Integer> sequenceNumbers, long now) {
        PeerTransport transport = track.receiver.subscribe;
        if (track.history == null || transport == null) {
            return;
        }
        for (int sequence : sequenceNumbers) {
            byte[] copy = ctx.retransmit;
            int length = track.history.copy(sequence, now, copy, 0);
            if (length < 0) {
                ctx.counters.retransmitMisses.increment();
                continue;
            }
            RtpPacket original = ctx.outboundView;
            if (original.parse(copy, 0, length) != RtpParseStatus.OK) {
                continue;
            }
            int payload = original.payloadOffset();
            int payloadLength = original.payloadLength();
            boolean marker = original.marker();
            long timestamp = original.timestamp();
            // The original sequence number goes in front of the payload, over the header's last two bytes.
            copy[payload - 2] = (byte) (sequence >>> 8);
            copy[payload - 1] = (byte) sequence;
            AbsSendTime.write(ctx.absSendTime, 0, now);
            RtpHeaderWriter writer = ctx.writer.clearExtensions()
                    .marker(marker)
                    .payloadType(SubscribeOfferer.VP8_RTX_PAYLOAD_TYPE)
                    .sequenceNumber(track.rtxSequence)
                    .timestamp(timestamp)
                    .ssrc(track.rtxSsrc)
                    .addExtension(SubscribeOfferer.ABS_SEND_TIME_EXTENSION_ID, ctx.absSendTime, 0, AbsSendTime.LENGTH);
            int rtxLength = track.receiver.downlink.addExtensions(writer, track)
                    .write(ctx.out, 0, copy, payload - 2, payloadLength + 2);
            track.rtxSequence = (track.rtxSequence + 1) & 0xFFFF;
            if (transport.sendRtp(ctx.out, 0, rtxLength)) {
                track.receiver.downlink.onSent(now, rtxLength, SentPacketLog.NO_CLUSTER);
                ctx.counters.retransmitted.increment();
            }
        }
    }
}
