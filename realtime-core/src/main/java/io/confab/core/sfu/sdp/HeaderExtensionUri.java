package io.confab.core.sfu.sdp;

import java.util.Set;

/** The RTP header extensions (RFC 8285) the SFU reads or writes, by the URIs that name them in {@code a=extmap}. */
public final class HeaderExtensionUri {
    /** RFC 9143 §15: the mid that lets a BUNDLE receiver route a packet before its SSRC is known. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852 §3.1: the rid of a simulcast layer. */
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RFC 8852 §3.2: the rid a repair (RTX) stream repairs. */
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** RFC 6464: the speaker's level, which active-speaker detection reads without decoding. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** The send time REMB bandwidth estimation needs (webrtc.org abs-send-time). */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /**
     * Transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): the
     * SFU sends transport-cc feedback for them to publishers and estimates each subscriber's
     * downlink from the feedback for its own.
     */
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /** What a publish answer keeps; anything else the browser offers is left out. */
    static final Set<String> ACCEPTED_FROM_PUBLISHERS =
            Set.of(MID, RTP_STREAM_ID, REPAIRED_RTP_STREAM_ID, AUDIO_LEVEL, ABS_SEND_TIME, TRANSPORT_CC);

    private HeaderExtensionUri() {
    }
}
