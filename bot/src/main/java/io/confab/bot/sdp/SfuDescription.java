package io.confab.bot.sdp;

import io.confab.core.sfu.dtls.Fingerprint;
import io.confab.core.sfu.sdp.MediaDescription;
import io.confab.core.sfu.sdp.SdpParseError;
import io.confab.core.sfu.sdp.SdpParseResult;
import io.confab.core.sfu.sdp.SdpParser;
import io.confab.core.sfu.sdp.SessionDescription;
import io.confab.core.sfu.ice.IceCredentials;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the bot needs from an SDP the SFU sent (its answer to our publish offer, or its subscribe
 * offer): where to send (the host candidate), the ICE credentials and the certificate
 * fingerprint; for a subscribe offer also which participant each SSRC belongs to (a=msid's stream
 * id is the sender's participant id) and the m-sections to answer.
 */
public record SfuDescription(SessionDescription sdp, InetSocketAddress candidate, String ufrag, String password,
                             Fingerprint fingerprint, Map<Long, String> ownerBySsrc, Map<Long, String> kindBySsrc) {

    /** Reads an SFU description; throws IllegalArgumentException naming what is missing. */
    public static SfuDescription parse(String text) {
        SdpParseResult parsed = SdpParser.parse(text);
        if (parsed instanceof SdpParseError error) {
            throw new IllegalArgumentException("the SFU's SDP does not parse: line " + error.line() + ": " + error.detail());
        }
        SessionDescription sdp = (SessionDescription) parsed;
        InetSocketAddress candidate = null;
        String ufrag = null;
        String password = null;
        Fingerprint fingerprint = null;
        Map<Long, String> owners = new HashMap<>();
        Map<Long, String> kinds = new HashMap<>();
        for (MediaDescription media : sdp.media()) {
            if (media.isRejected()) {
                continue;
            }
            for (String line : media.candidates()) {
                // foundation component transport priority address port typ host ...
                String[] fields = line.trim().split("\\s+");
                if (candidate == null && fields.length >= 8 && fields[2].equalsIgnoreCase("udp")) {
                    candidate = new InetSocketAddress(fields[4], Integer.parseInt(fields[5]));
                }
            }
            if (ufrag == null) {
                ufrag = media.transport().iceUfrag().orElse(null);
                password = media.transport().icePwd().orElse(null);
                fingerprint = media.transport().fingerprint().orElse(null);
            }
            for (long ssrc : media.ssrcs()) {
                List<String> msid = media.ssrcAttributeValues(ssrc, "msid");
                String owner = !msid.isEmpty() ? msid.get(0).split(" ")[0]
                        : media.msid().map(m -> m.streamId()).orElse("");
                owners.put(ssrc, owner);
                kinds.put(ssrc, media.media());
            }
        }
        if (candidate == null || ufrag == null || password == null || fingerprint == null) {
            throw new IllegalArgumentException("the SFU's SDP lacks a UDP candidate, ICE credentials or a fingerprint");
        }
        return new SfuDescription(sdp, candidate, ufrag, password, fingerprint, owners, kinds);
    }

    /** Our answer to a subscribe offer: every m-section received (or inactive as offered), DTLS client. */
    public String answer(long sessionId, long version, IceCredentials ice, Fingerprint ours) {
        StringBuilder out = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- ").append(sessionId).append(' ').append(version).append(" IN IP4 127.0.0.1\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n");
        List<String> bundle = sdp.bundleMids();
        if (!bundle.isEmpty()) {
            out.append("a=group:BUNDLE ").append(String.join(" ", bundle)).append("\r\n");
        }
        out.append("a=msid-semantic: WMS\r\n");
        for (MediaDescription media : sdp.media()) {
            out.append("m=").append(media.media()).append(' ').append(media.isRejected() ? 0 : 9).append(' ')
                    .append(media.protocol()).append(' ').append(String.join(" ", media.formats())).append("\r\n")
                    .append("c=IN IP4 0.0.0.0\r\n");
            media.mid().ifPresent(mid -> out.append("a=mid:").append(mid).append("\r\n"));
            if (media.isRejected()) {
                continue;
            }
            out.append("a=ice-ufrag:").append(ice.ufrag()).append("\r\n")
                    .append("a=ice-pwd:").append(ice.password()).append("\r\n")
                    .append("a=fingerprint:").append(ours.toSdp()).append("\r\n")
                    .append("a=setup:active\r\n")
                    .append(media.direction().sends() ? "a=recvonly\r\n" : "a=inactive\r\n")
                    .append("a=rtcp-mux\r\n");
            media.rtpMaps().forEach(map -> out.append("a=rtpmap:").append(map.toSdpValue()).append("\r\n"));
            media.fmtps().forEach(fmtp -> out.append("a=fmtp:").append(fmtp.payloadType()).append(' ')
                    .append(fmtp.parameters()).append("\r\n"));
            media.rtcpFeedback().forEach(fb -> out.append("a=rtcp-fb:")
                    .append(fb.payloadType() < 0 ? "*" : Integer.toString(fb.payloadType())).append(' ').append(fb.value()).append("\r\n"));
        }
        return out.toString();
    }
}
