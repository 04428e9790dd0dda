package io.confab.core.sfu.srtp;

import io.confab.core.wire.NetworkOrder;
import java.util.Objects;

/**
 * Unprotects what the peer sends on one transport: every SSRC shares the master key, and each
 * keeps its own rollover counter, highest sequence number and 64-packet replay window for SRTP
 * and its own replay window for SRTCP (RFC 3711 §3.3, §3.4, Appendix A). Packets are verified and
 * decrypted in place. A packet that fails changes no state: a stream is only learnt, and a window
 * only moves, once a tag has verified. After a failure the packet's bytes are unspecified.
 *
 * <p>Not thread-safe: meant for the one thread that receives on the transport.
 */
public final class InboundSrtpSession {
    private final SrtpProfile profile;
    private final PacketTransform transform;
    private final StreamTable streams = new StreamTable();
    private final long[] failures = new long[SrtpFailure.values().length];

    /** @throws IllegalArgumentException if the key or salt length is not the profile's */
    public InboundSrtpSession(SrtpProfile profile, SrtpKeys keys) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.transform = PacketTransform.of(profile, Objects.requireNonNull(keys, "keys"));
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Verifies, replay-checks and decrypts the SRTP packet at {@code [offset, offset + length)}.
     *
     * @return the length of the RTP packet left at {@code offset}, or a negative {@link SrtpFailure} code
     */
    public int unprotectRtp(byte[] packet, int offset, int length) {
        if (!RtpHeader.inBounds(packet, offset, length)) {
            return fail(SrtpFailure.MALFORMED);
        }
        int payloadStart = RtpHeader.payloadOffset(packet, offset, length - profile.rtpOverhead());
        if (payloadStart < 0) {
            return fail(SrtpFailure.MALFORMED);
        }
        int ssrc = RtpHeader.ssrc(packet, offset);
        StreamContext stream = streams.get(ssrc);
        if (stream == null && streams.isFull()) {
            return fail(SrtpFailure.STREAM_LIMIT);
        }
        ReplayWindow window = stream == null ? null : stream.rtp;
        long index = window == null
                ? RtpHeader.sequenceNumber(packet, offset)
                : PacketIndex.estimate(window, RtpHeader.sequenceNumber(packet, offset));
        if (index == PacketIndex.BEFORE_FIRST) {
            return fail(SrtpFailure.TOO_OLD);
        }
        if (index > PacketIndex.MAX) {
            return fail(SrtpFailure.INDEX_EXHAUSTED);
        }
        int verdict = window == null ? 0 : window.check(index);
        if (verdict < 0) {
            return fail(SrtpFailure.of(verdict));
        }
        int plainLength = transform.unprotectRtp(packet, offset, length, payloadStart, ssrc, index);
        if (plainLength < 0) {
            return fail(SrtpFailure.of(plainLength));
        }
        (stream == null ? streams.getOrCreate(ssrc) : stream).rtp.accept(index);
        return plainLength;
    }

    /**
     * Verifies, replay-checks and, if its E flag is set, decrypts the SRTCP packet at
     * {@code [offset, offset + length)}. Packets the peer sent with E clear (authenticated only)
     * are accepted too, as RFC 3711 §3.4 allows.
     *
     * @return the length of the RTCP packet left at {@code offset}, or a negative {@link SrtpFailure} code
     */
    public int unprotectRtcp(byte[] packet, int offset, int length) {
        if (!RtpHeader.inBounds(packet, offset, length)
                || length < RtpHeader.RTCP_CLEAR_LENGTH + profile.rtcpOverhead()
                || !RtpHeader.isVersion2(packet, offset)) {
            return fail(SrtpFailure.MALFORMED);
        }
        int ssrc = RtpHeader.rtcpSsrc(packet, offset);
        StreamContext stream = streams.get(ssrc);
        if (stream == null && streams.isFull()) {
            return fail(SrtpFailure.STREAM_LIMIT);
        }
        int indexWord = NetworkOrder.readInt(packet, offset + profile.srtcpIndexPosition(length));
        long index = indexWord & Integer.MAX_VALUE;
        int verdict = stream == null ? 0 : stream.rtcp.check(index);
        if (verdict < 0) {
            return fail(SrtpFailure.of(verdict));
        }
        int plainLength = transform.unprotectRtcp(packet, offset, length, ssrc, indexWord);
        if (plainLength < 0) {
            return fail(SrtpFailure.of(plainLength));
        }
        (stream == null ? streams.getOrCreate(ssrc) : stream).rtcp.accept(index);
        return plainLength;
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
