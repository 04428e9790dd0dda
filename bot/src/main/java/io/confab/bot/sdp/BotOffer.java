package io.confab.bot.sdp;

import io.confab.core.sfu.dtls.Fingerprint;
import io.confab.core.sfu.ice.IceCredentials;

/**
 * The bot's publish offer, written the way Chrome writes one for a microphone and a camera
 * (unified plan, BUNDLE, rtcp-mux, Opus 111 with the audio-level extension, VP8 96 with RTX 97 and
 * NACK/PLI/FIR/REMB feedback), but with one video stream and its SSRCs declared instead of rid
 * simulcast: a bot sends one layer.
 */
public record BotOffer(long sessionId, IceCredentials ice, Fingerprint fingerprint, String streamId,
                       int audioSsrc, int videoSsrc, int rtxSsrc, String cname) {

    public static final int OPUS = 111;
    public static final int VP8 = 96;
    public static final int RTX = 97;
    public static final int AUDIO_LEVEL_ID = 1;
    public static final int ABS_SEND_TIME_ID = 3;
    public static final int MID_ID = 4;

    public String audioTrackId() {
        return streamId + "-audio";
    }

    public String videoTrackId() {
        return streamId + "-video";
    }

    public String sdp() {
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- ").append(sessionId).append(" 2 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n")
                .append("a=group:BUNDLE 0 1\r\n")
                .append("a=msid-semantic: WMS ").append(streamId).append("\r\n");
        section(sdp, "audio", "0", OPUS + "", audioTrackId());
        sdp.append("a=extmap:").append(AUDIO_LEVEL_ID).append(" urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
                .append("a=rtpmap:111 opus/48000/2\r\n")
                .append("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
        ssrc(sdp, audioSsrc, audioTrackId());
        section(sdp, "video", "1", VP8 + " " + RTX, videoTrackId());
        sdp.append("a=extmap:").append(ABS_SEND_TIME_ID).append(" http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n")
                .append("a=rtpmap:96 VP8/90000\r\n")
                .append("a=rtcp-fb:96 goog-remb\r\n")
                .append("a=rtcp-fb:96 ccm fir\r\n")
                .append("a=rtcp-fb:96 nack\r\n")
                .append("a=rtcp-fb:96 nack pli\r\n")
                .append("a=rtpmap:97 rtx/90000\r\n")
                .append("a=fmtp:97 apt=96\r\n")
                .append("a=ssrc-group:FID ").append(Integer.toUnsignedString(videoSsrc)).append(' ')
                .append(Integer.toUnsignedString(rtxSsrc)).append("\r\n");
        ssrc(sdp, videoSsrc, videoTrackId());
        ssrc(sdp, rtxSsrc, videoTrackId());
        return sdp.toString();
    }

    private void section(StringBuilder sdp, String kind, String mid, String formats, String trackId) {
        sdp.append("m=").append(kind).append(" 9 UDP/TLS/RTP/SAVPF ").append(formats).append("\r\n")
                .append("c=IN IP4 0.0.0.0\r\n")
                .append("a=rtcp:9 IN IP4 0.0.0.0\r\n")
                .append("a=ice-ufrag:").append(ice.ufrag()).append("\r\n")
                .append("a=ice-pwd:").append(ice.password()).append("\r\n")
                .append("a=ice-options:trickle\r\n")
                .append("a=fingerprint:").append(fingerprint.toSdp()).append("\r\n")
                .append("a=setup:actpass\r\n")
                .append("a=mid:").append(mid).append("\r\n")
                .append("a=extmap:").append(MID_ID).append(" urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                .append("a=sendonly\r\n")
                .append("a=msid:").append(streamId).append(' ').append(trackId).append("\r\n")
                .append("a=rtcp-mux\r\n");
    }

    private void ssrc(StringBuilder sdp, int ssrc, String trackId) {
        String unsigned = Integer.toUnsignedString(ssrc);
        sdp.append("a=ssrc:").append(unsigned).append(" cname:").append(cname).append("\r\n")
                .append("a=ssrc:").append(unsigned).append(" msid:").append(streamId).append(' ').append(trackId).append("\r\n");
    }
}
