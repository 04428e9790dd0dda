package io.confab.bot.sdp;

import io.confab.core.sfu.dtls.Fingerprint;
import io.confab.core.sfu.ice.IceCredentials;

import java.util.List;

/**
 * The bot's publish offer, written the way Chrome writes one for a microphone and a camera
 * (unified plan, BUNDLE, rtcp-mux, Opus 111 with the audio-level extension, VP8 96 with RTX 97 and
 * NACK/PLI/FIR/REMB feedback). A simulcast camera is offered as Chrome offers
 * {@code sendEncodings} with rids: {@code a=rid:<rid> send} per layer and
 * {@code a=simulcast:send l;m;h} (RFC 8851, RFC 8853), the mid, rid and repaired-rid header
 * extensions under Chrome's ids, and no SSRCs, which the SFU learns from the first packet of each
 * layer. A single stream declares its SSRCs and its RTX pairing (a=ssrc-group:FID) instead.
 *
 * @param video the camera's RTP streams, lowest layer first: one without a rid, or one per rid
 */
public record BotOffer(long sessionId, IceCredentials ice, Fingerprint fingerprint, String streamId,
                       int audioSsrc, List<VideoStream> video, String cname) {

    public static final int OPUS = 111;
    public static final int VP8 = 96;
    public static final int RTX = 97;
    public static final int AUDIO_LEVEL_ID = 1;
    public static final int ABS_SEND_TIME_ID = 3;
    public static final int MID_ID = 4;
    /** Chrome's ids for RFC 8852's RtpStreamId and RepairedRtpStreamId. */
    public static final int RID_ID = 10;
    public static final int REPAIRED_RID_ID = 11;

    /** One video RTP stream and its RTX stream (RFC 4588); {@code rid} is empty without simulcast. */
    public record VideoStream(String rid, int ssrc, int rtxSsrc) {
        public VideoStream {
            if (rid == null) {
                throw new IllegalArgumentException("rid must not be null; use \"\" without simulcast");
            }
        }
    }

    public BotOffer {
        video = List.copyOf(video);
        if (video.isEmpty()) {
            throw new IllegalArgumentException("an offer needs at least one video stream");
        }
        if (video.size() > 1 && video.stream().anyMatch(stream -> stream.rid().isEmpty())) {
            throw new IllegalArgumentException("simulcast streams each need a rid: " + video);
        }
    }

    /** One video stream with declared SSRCs, no simulcast. */
    public BotOffer(long sessionId, IceCredentials ice, Fingerprint fingerprint, String streamId, int audioSsrc,
                    int videoSsrc, int rtxSsrc, String cname) {
        this(sessionId, ice, fingerprint, streamId, audioSsrc, List.of(new VideoStream("", videoSsrc, rtxSsrc)), cname);
    }

    public boolean simulcast() {
        return !video.get(0).rid().isEmpty();
    }

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
        sdp.append("a=extmap:").append(ABS_SEND_TIME_ID).append(" http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n");
        if (simulcast()) {
            sdp.append("a=extmap:").append(RID_ID).append(" urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n")
                    .append("a=extmap:").append(REPAIRED_RID_ID).append(" urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n");
        }
        sdp.append("a=rtpmap:96 VP8/90000\r\n")
                .append("a=rtcp-fb:96 goog-remb\r\n")
                .append("a=rtcp-fb:96 ccm fir\r\n")
                .append("a=rtcp-fb:96 nack\r\n")
                .append("a=rtcp-fb:96 nack pli\r\n")
                .append("a=rtpmap:97 rtx/90000\r\n")
                .append("a=fmtp:97 apt=96\r\n");
        if (simulcast()) {
            for (VideoStream stream : video) {
                sdp.append("a=rid:").append(stream.rid()).append(" send\r\n");
            }
            sdp.append("a=simulcast:send ").append(String.join(";", video.stream().map(VideoStream::rid).toList()))
                    .append("\r\n");
        } else {
            VideoStream only = video.get(0);
            sdp.append("a=ssrc-group:FID ").append(Integer.toUnsignedString(only.ssrc())).append(' ')
                    .append(Integer.toUnsignedString(only.rtxSsrc())).append("\r\n");
            ssrc(sdp, only.ssrc(), videoTrackId());
            ssrc(sdp, only.rtxSsrc(), videoTrackId());
        }
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
