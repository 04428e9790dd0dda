package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A remote track as the SFU forwards it to one subscriber: the SSRCs it writes (after rewriting),
 * the RTX SSRC for video when retransmissions are forwarded, the CNAME that ties the sender's
 * audio and video for lip sync (RFC 3550 §6.5.1), and the msid ids the page sees (RFC 8830).
 */
public record ForwardedTrack(long ssrc, OptionalLong rtxSsrc, String cname, String streamId, String trackId) {

    /**
     * @throws IllegalArgumentException when an SSRC is not an unsigned 32-bit value, the RTX SSRC
     *     equals the media SSRC, or a name is blank or has spaces
     */
    public ForwardedTrack {
        Objects.requireNonNull(rtxSsrc, "rtxSsrc");
        Objects.requireNonNull(cname, "cname");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(trackId, "trackId");
        requireSsrc(ssrc);
        rtxSsrc.ifPresent(ForwardedTrack::requireSsrc);
        if (rtxSsrc.isPresent() && rtxSsrc.getAsLong() == ssrc) {
            throw new IllegalArgumentException("RTX needs its own SSRC (RFC 4588 §4): " + ssrc);
        }
        for (String token : new String[] {cname, streamId, trackId}) {
            if (token.isBlank() || token.contains(" ")) {
                throw new IllegalArgumentException("cname, streamId and trackId must be non-blank tokens: '" + token + "'");
            }
        }
    }

    public static ForwardedTrack audio(long ssrc, String cname, String streamId, String trackId) {
        return new ForwardedTrack(ssrc, OptionalLong.empty(), cname, streamId, trackId);
    }

    public static ForwardedTrack video(long ssrc, long rtxSsrc, String cname, String streamId, String trackId) {
        return new ForwardedTrack(ssrc, OptionalLong.of(rtxSsrc), cname, streamId, trackId);
    }

    private static void requireSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc must be an unsigned 32-bit value: " + ssrc);
        }
    }
}
