package io.confab.core.sfu;

import io.confab.core.sfu.rtp.AbsSendTime;
import io.confab.core.sfu.rtp.RtpHeaderWriter;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpStreamRewriter;
import io.confab.core.sfu.sdp.SubscribeOfferer;
import io.confab.media.vp8.Vp8PayloadDescriptor;

/**
 * Writes the receiver's copy, in clear, into its NACK history slot (video) or the media thread's out
 * buffer (audio, or a copy too large for the history): the down track's header (its
 * SSRC and payload type, the rewritten sequence number and timestamp, abs-send-time, and the mid
 * and transport-wide sequence number its answer accepted) before the sender's payload, with VP8
 * picture ids made continuous; keeps the down track's sender-report figures.
 */
final class CopyWriter extends CountedStage<ForwardedCopy> {

    private final RtpHeaderWriter writer;
    private final byte[] out;
    private final byte[] absSendTime;
    private final Vp8PayloadDescriptor vp8;

    CopyWriter(RtpHeaderWriter writer, byte[] out, byte[] absSendTime, Vp8PayloadDescriptor scratch) {
        super("copy_writer");
        this.writer = writer;
        this.out = out;
        this.absSendTime = absSendTime;
        this.vp8 = scratch;
    }

    @Override
    public boolean process(ForwardedCopy copy) {
        DownTrack track = copy.track;
        RtpPacket packet = copy.packet.rtp;
        RtpStreamRewriter rewriter = track.rewriter;
        long now = copy.packet.now;
        writer.clearExtensions()
                .marker(packet.marker())
                .payloadType(track.payloadType)
                .sequenceNumber(rewriter.outgoingSequenceNumber())
                .timestamp(rewriter.outgoingTimestamp())
                .ssrc(track.ssrc)
                .addExtension(SubscribeOfferer.ABS_SEND_TIME_EXTENSION_ID, absSendTime, 0, AbsSendTime.LENGTH);
        RtpHeaderWriter header = track.receiver.downlink.addExtensions(writer, track);
        // Video goes straight into its NACK history slot, which srtp_send encrypts from: one copy of
        // the payload fewer than writing it here and keeping a copy in the history.
        byte[] target = out;
        if (track.history != null) {
            byte[] slot = track.history.reserve(rewriter.outgoingSequenceNumber(),
                    header.headerLength() + packet.payloadLength(), now);
            if (slot != null) {
                target = slot;
            }
        }
        int length = header.write(target, 0, packet.buffer(), packet.payloadOffset(), packet.payloadLength());
        if (track.pictures != null && track.source.vp8) {
            int headerLength = length - packet.payloadLength();
            if (vp8.parse(target, headerLength, packet.payloadLength()) == Vp8PayloadDescriptor.Status.OK) {
                track.pictures.rewrite(packet.ssrc(), vp8);
            }
        }
        track.packetsSent++;
        track.octetsSent += packet.payloadLength();
        track.lastRtpTimestamp = rewriter.outgoingTimestamp();
        track.lastSentNanos = now;
        copy.plain = target;
        copy.length = length;
        return true;
    }
}
