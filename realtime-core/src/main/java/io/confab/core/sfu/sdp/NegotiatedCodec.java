package io.confab.core.sfu.sdp;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A codec both sides agreed on, with the payload type numbers the publisher will use: the media
 * PT, its fmtp parameters as offered ("" when none), its RTX PT when RTX was agreed too, and the
 * RTCP feedback kept for it (e.g. {@code nack}, {@code nack pli}).
 */
public record NegotiatedCodec(int payloadType, String name, int clockRate, OptionalInt channels, String fmtp,
                              OptionalInt rtxPayloadType, List<String> rtcpFeedback) {

    public NegotiatedCodec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(fmtp, "fmtp");
        Objects.requireNonNull(rtxPayloadType, "rtxPayloadType");
        rtcpFeedback = List.copyOf(rtcpFeedback);
    }

    public boolean isNamed(String codec) {
        return name.equalsIgnoreCase(codec);
    }
}
