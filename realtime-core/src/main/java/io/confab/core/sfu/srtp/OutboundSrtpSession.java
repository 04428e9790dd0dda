package io.confab.core.sfu.srtp;

import java.util.Objects;

/**
 * Protects what one side sends on one transport: every SSRC shares the master key, and each keeps
 * its own packet index and SRTCP index (RFC 3711 §3.2.3). Packets are protected in place; the
 * caller leaves {@link SrtpProfile#MAX_RTP_OVERHEAD} (RTP) or {@link SrtpProfile#MAX_RTCP_OVERHEAD}
 * (RTCP) spare bytes after the packet in the array.
 *
 * <p>An RTP packet index is protected at most once, as libsrtp does by default: with AES-GCM a
 * second packet under the same index would reuse the IV and give the key away. A resend therefore
 * needs a new sequence number (RTX, RFC 4588), which is how WebRTC resends anyway.
 *
 * <p>The rollover counter is estimated from the highest index sent, exactly as the receiver will
 * (RFC 3711 Appendix A), so a stream's sequence numbers must move by less than 2^15 between
 * packets; a jump of more reads as a step back, and one before the first packet is refused as
 * {@link SrtpFailure#TOO_OLD}. An SSRC rewriter keeps sequence numbers continuous anyway.
 *
 * <p>Not thread-safe: meant for the one thread that sends on the transport.
 */
public final class OutboundSrtpSession {
    private final SrtpProfile profile;
    private final PacketTransform transform;
    private final StreamTable streams = new StreamTable();
    private final long[] failures = new long[SrtpFailure.values().length];

    /** @throws IllegalArgumentException if the key or salt length is not the profile's */
    public OutboundSrtpSession(SrtpProfile profile, SrtpKeys keys) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.transform = PacketTransform.of(profile, Objects.requireNonNull(keys, "keys"));
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Encrypts the payload of the RTP packet at {@code [offset, offset + length)} and appends the
     * tag. The header, CSRCs and header extension stay in clear.
     *
     * @return the protected length, or a negative {@link SrtpFailure} code
     */
    public int protectRtp(byte[] packet, int offset, int length) {
        return protectRtp(packet, offset, length, packet, offset);
    }

    /**
     * As {@link #protectRtp(byte[], int, int)}, but writes the protected packet to
     * {@code target[targetOffset]} and leaves the source as it was: the SFU keeps the plain copy in
     * its NACK history and encrypts from there into its send buffer, one pass over the payload
     * instead of a copy into the history and an encryption in place. The target must not overlap
     * the source unless it is the source at the same offset; it needs the tag's room after the packet.
     *
     * @return the protected length, or a negative {@link SrtpFailure} code
     */
    public int protectRtp(byte[] packet, int offset, int length, byte[] target, int targetOffset) {
        if (!RtpHeader.inBounds(packet, offset, length)) {
            return fail(SrtpFailure.MALFORMED);
        }
        int payloadStart = RtpHeader.payloadOffset(packet, offset, length);
        if (payloadStart < 0) {
            return fail(SrtpFailure.MALFORMED);
        }
        if (target == packet && targetOffset != offset) {
            throw new IllegalArgumentException("target overlaps the packet at another offset");
        }
        if (target == null || targetOffset < 0 || target.length - targetOffset - length < profile.rtpOverhead()) {
            return fail(SrtpFailure.NO_ROOM);
        }
        int ssrc = RtpHeader.ssrc(packet, offset);
        StreamContext stream = streams.getOrCreate(ssrc);
        if (stream == null) {
            return fail(SrtpFailure.STREAM_LIMIT);
        }
        long index = PacketIndex.estimate(stream.rtp, RtpHeader.sequenceNumber(packet, offset));
        if (index == PacketIndex.BEFORE_FIRST) {
            return fail(SrtpFailure.TOO_OLD);
        }
        if (index > PacketIndex.MAX) {
            return fail(SrtpFailure.INDEX_EXHAUSTED);
        }
        int verdict = stream.rtp.check(index);
        if (verdict < 0) {
            return fail(SrtpFailure.of(verdict));
        }
        int protectedLength = transform.protectRtp(packet, offset, length, payloadStart, ssrc, index, target, targetOffset);
        stream.rtp.accept(index);
        return protectedLength;
    }

    /**
     * Encrypts the (compound) RTCP packet after its first 8 bytes and appends the E flag, this
     * SSRC's next SRTCP index and the tag (RFC 3711 §3.4, RFC 7714 §9).
     *
     * @return the protected length, or a negative {@link SrtpFailure} code
     */
    public int protectRtcp(byte[] packet, int offset, int length) {
        if (!RtpHeader.inBounds(packet, offset, length) || length < RtpHeader.RTCP_CLEAR_LENGTH
                || !RtpHeader.isVersion2(packet, offset)) {
            return fail(SrtpFailure.MALFORMED);
        }
        if (packet.length - offset - length < profile.rtcpOverhead()) {
            return fail(SrtpFailure.NO_ROOM);
        }
        int ssrc = RtpHeader.rtcpSsrc(packet, offset);
        StreamContext stream = streams.getOrCreate(ssrc);
        if (stream == null) {
            return fail(SrtpFailure.STREAM_LIMIT);
        }
        int index = stream.nextSrtcpIndex;
        if (index < 0) {
            return fail(SrtpFailure.INDEX_EXHAUSTED);
        }
        int protectedLength = transform.protectRtcp(packet, offset, length, ssrc, index);
        stream.nextSrtcpIndex = index + 1;
        return protectedLength;
    }

    /** How many packets were refused for the reason since the session began. */
    public long failures(SrtpFailure reason) {
        return failures[reason.ordinal()];
    }

    private int fail(SrtpFailure reason) {
        failures[reason.ordinal()]++;
        return reason.code();
    }
}
