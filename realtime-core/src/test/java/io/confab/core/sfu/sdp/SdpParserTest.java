package io.confab.core.sfu.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The parser on real browser SDP and RFC examples: what each line becomes. */
class SdpParserTest {

    static SessionDescription parsed(String sdp) {
        SdpParseResult result = SdpParser.parse(sdp);
        return assertInstanceOf(SessionDescription.class, result, () -> "expected a description, got " + result);
    }

    @Test
    void readsTheRfc8866Example() {
        // RFC 8866 §5: the specification's own example, no WebRTC attributes at all.
        SessionDescription sdp = parsed(BrowserSdp.RFC8866_EXAMPLE);
        assertEquals(new Origin("jdoe", "3724394400", 3724394405L, "IN", "IP4", "198.51.100.1"), sdp.origin());
        assertEquals("Call to John Smith", sdp.sessionName());
        assertEquals(3, sdp.media().size());
        MediaDescription video = sdp.media().get(2);
        assertEquals(MediaKind.VIDEO, video.kind());
        assertEquals(51372, video.port());
        assertEquals("RTP/AVP", video.protocol());
        assertEquals(List.of("99"), video.formats());
        assertEquals(Optional.of(new RtpMap(99, "h263-1998", 90000, OptionalInt.empty())), video.rtpMap(99));
        assertEquals(Direction.SENDRECV, video.direction(), "RFC 8866 §6.7: sendrecv when nothing is said");
        assertEquals(Optional.empty(), video.mid());
        assertEquals(12, video.line());
    }

    @Test
    void readsChromeSessionLevel() {
        SessionDescription sdp = parsed(BrowserSdp.CHROME_PUBLISH_OFFER);
        assertEquals("8270839232581633487", sdp.origin().sessionId());
        assertEquals(2, sdp.origin().sessionVersion());
        assertEquals(List.of("0", "1", "2"), sdp.bundleMids());
        assertEquals(Optional.of("WMS 5d3a4b8e-7c1f-4e2a-9b60-2f0c8d1e4a77"), sdp.msidSemantic(),
                "Chrome's 'a=msid-semantic: WMS' has a space after the colon");
        assertFalse(sdp.iceLite());
        assertTrue(sdp.attributes().stream().anyMatch(a -> a.name().equals("extmap-allow-mixed")));
        assertEquals(List.of("audio", "video", "application"), sdp.media().stream().map(MediaDescription::media).toList());
    }

    @Test
    void readsChromeAudioSection() {
        MediaDescription audio = parsed(BrowserSdp.CHROME_PUBLISH_OFFER).media("0").orElseThrow();
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals(9, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.protocol());
        assertEquals(List.of("111", "63", "9", "0", "8", "13", "110", "126"), audio.formats());
        assertEquals(Direction.SENDONLY, audio.direction());
        assertTrue(audio.rtcpMux());
        assertEquals(new RtpMap(111, "opus", 48000, OptionalInt.of(2)), audio.rtpMap(111).orElseThrow());
        assertEquals(OptionalInt.empty(), audio.rtpMap(9).orElseThrow().channels());
        assertEquals(Optional.of("1"), audio.fmtp(111).orElseThrow().parameter("useinbandfec"));
        assertEquals("111/111", audio.fmtp(63).orElseThrow().parameters());
        assertEquals(List.of(new RtcpFeedback(111, "transport-cc")), audio.rtcpFeedback(111));
        assertEquals(new ExtMap(1, HeaderExtensionUri.AUDIO_LEVEL), audio.extMaps().get(0));
        assertEquals(4, audio.extMaps().size());
        assertEquals(new TransportParameters(Optional.of("Xk3d"), Optional.of("q9Rz2VbN8yTfL0wPc4sH6mJa"),
                Optional.of(SfuTransport.fingerprint(BrowserSdp.CHROME_FINGERPRINT)), Optional.of(SetupRole.ACTPASS)), audio.transport());
        assertEquals(new Msid("5d3a4b8e-7c1f-4e2a-9b60-2f0c8d1e4a77", "0b6f2c1e-93a4-4d5b-8e7f-1a2b3c4d5e6f"),
                audio.msid().orElseThrow());
        assertEquals(List.of(3233846890L), audio.ssrcs());
        assertEquals(List.of("hX4kP0Lq7ZsUe2Nn"), audio.ssrcAttributeValues(3233846890L, "cname"));
        assertTrue(audio.hasAttribute("rtcp-rsize"), "unknown attributes are kept as written");
        assertEquals("trickle", audio.attributes("ice-options").get(0).value().orElseThrow());
    }

    @Test
    void readsChromeSimulcastVideoSection() {
        MediaDescription video = parsed(BrowserSdp.CHROME_PUBLISH_OFFER).media("1").orElseThrow();
        assertEquals(21, video.formats().size());
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"),
                video.rtcpFeedback(96).stream().map(RtcpFeedback::value).toList());
        assertEquals(OptionalInt.of(96), video.fmtp(97).orElseThrow().associatedPayloadType());
        assertEquals(Optional.of("42e01f"), video.fmtp(109).orElseThrow().parameter("profile-level-id"));
        assertEquals(List.of(new Rid("l", Direction.SENDONLY, List.of()), new Rid("m", Direction.SENDONLY, List.of()),
                new Rid("h", Direction.SENDONLY, List.of())), video.rids());
        Simulcast simulcast = video.simulcast().orElseThrow();
        assertEquals(List.of(Simulcast.Stream.of("l"), Simulcast.Stream.of("m"), Simulcast.Stream.of("h")), simulcast.send());
        assertEquals(List.of(), simulcast.recv());
        assertEquals(List.of(), video.ssrcs(), "Chrome declares no SSRCs for rid-based simulcast");
        assertEquals(11, video.extMaps().size());
        assertEquals(Optional.of(10), video.extMaps().stream()
                .filter(e -> e.uri().equals(HeaderExtensionUri.RTP_STREAM_ID)).map(ExtMap::id).findFirst());
    }

    @Test
    void readsChromeDataChannelSection() {
        MediaDescription data = parsed(BrowserSdp.CHROME_PUBLISH_OFFER).media("2").orElseThrow();
        assertEquals(MediaKind.APPLICATION, data.kind());
        assertEquals("UDP/DTLS/SCTP", data.protocol());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals("5000", data.attributes("sctp-port").get(0).value().orElseThrow());
    }

    @Test
    void appliesFirefoxSessionLevelFingerprintAndDirectionOnlyWhereMediaHasNone() {
        SessionDescription sdp = parsed(BrowserSdp.FIREFOX_PUBLISH_OFFER);
        assertEquals(Optional.of(SfuTransport.fingerprint(BrowserSdp.FIREFOX_FINGERPRINT)),
                sdp.transport().fingerprint());
        for (MediaDescription media : sdp.media()) {
            assertEquals(sdp.transport().fingerprint(), media.transport().fingerprint(), "inherited by mid " + media.mid());
            assertEquals(Direction.SENDONLY, media.direction(), "media-level a=sendonly beats session a=sendrecv");
            assertEquals(Optional.of("3f9a2c1e"), media.transport().iceUfrag());
        }
        assertEquals(List.of("trickle"), sdp.iceOptions());
        assertEquals(Optional.of("WMS *"), sdp.msidSemantic());
    }

    @Test
    void passesOverAFingerprintWhoseHashFunctionItDoesNotComputeAndKeepsTheFirstUsable() {
        String md5 = "a=fingerprint:md5 " + "AB:".repeat(15) + "AB\r\n";
        String chrome = "a=fingerprint:" + BrowserSdp.CHROME_FINGERPRINT + "\r\n";
        String sha1 = "a=fingerprint:sha-1 " + "CD:".repeat(19) + "CD\r\n";
        MediaDescription audio = parsed(BrowserSdp.CHROME_PUBLISH_OFFER.replace(chrome, md5 + chrome + sha1)).media("0").orElseThrow();
        assertEquals(Optional.of(SfuTransport.fingerprint(BrowserSdp.CHROME_FINGERPRINT)), audio.transport().fingerprint());
        MediaDescription onlyMd5 = parsed(BrowserSdp.CHROME_PUBLISH_OFFER.replace(chrome, md5)).media("0").orElseThrow();
        assertEquals(Optional.empty(), onlyMd5.transport().fingerprint(), "an md5 fingerprint is no fingerprint to check against");
    }

    @Test
    void readsFirefoxQuirks() {
        SessionDescription sdp = parsed(BrowserSdp.FIREFOX_PUBLISH_OFFER);
        MediaDescription audio = sdp.media("0").orElseThrow();
        assertEquals(new ExtMap(2, Optional.of(Direction.RECVONLY), "urn:ietf:params:rtp-hdrext:csrc-audio-level",
                Optional.empty()), audio.extMaps().get(1));
        assertEquals(OptionalInt.of(1), audio.rtpMap(9).orElseThrow().channels(), "G722/8000/1 keeps its explicit channel count");
        assertEquals("maxplaybackrate=48000;stereo=1;useinbandfec=1", audio.fmtp(109).orElseThrow().parameters(),
                "fmtp before its rtpmap is fine");
        MediaDescription video = sdp.media("1").orElseThrow();
        assertEquals(List.of(Simulcast.Stream.of("h"), Simulcast.Stream.of("m"), Simulcast.Stream.of("l")),
                video.simulcast().orElseThrow().send());
        assertEquals(List.of(new SsrcGroup("FID", List.of(2914528541L, 1263574322L)),
                new SsrcGroup("FID", List.of(3402093218L, 694281551L)),
                new SsrcGroup("FID", List.of(1781929302L, 2258914471L))), video.ssrcGroups(SsrcGroup.FID));
        assertEquals(6, video.ssrcs().size());
        assertEquals("{4b2d6c1a-9e8f-4a7b-b3c2-d1e0f9a8b7c6}", video.msid().orElseThrow().streamId());
    }

    @Test
    void readsTheJsepExampleWithPerSectionCredentials() {
        // RFC 8829 §7.1: each m-section has its own ufrag before BUNDLE is agreed.
        SessionDescription sdp = parsed(BrowserSdp.JSEP_EXAMPLE_OFFER);
        assertEquals(List.of("a1", "v1"), sdp.bundleMids());
        assertEquals(List.of(new Group("BUNDLE", List.of("a1", "v1")), new Group("LS", List.of("a1", "v1"))), sdp.groups());
        assertEquals(Optional.of("ETEn"), sdp.media("a1").orElseThrow().transport().iceUfrag());
        assertEquals(Optional.of("BGKk"), sdp.media("v1").orElseThrow().transport().iceUfrag());
        assertEquals(10100, sdp.media("a1").orElseThrow().port());
        assertEquals(Direction.SENDRECV, sdp.media("v1").orElseThrow().direction());
    }

    @Test
    void lineFeedsAloneAndBlankLinesParseTheSame() {
        SessionDescription crlf = parsed(BrowserSdp.CHROME_PUBLISH_OFFER);
        SessionDescription lf = parsed(BrowserSdp.CHROME_PUBLISH_OFFER.replace("\r\n", "\n").replace("m=video", "\nm=video"));
        assertEquals(crlf.media().get(0), lf.media().get(0));
        assertEquals(crlf.media().get(2).rtpMaps(), lf.media().get(2).rtpMaps());
        assertEquals(crlf.media().get(1).simulcast(), lf.media().get(1).simulcast());
        assertEquals(crlf.bundleMids(), lf.bundleMids());
    }

    @Test
    void keepsUnknownAttributesAndSkipsUnknownLineTypes() {
        SessionDescription sdp = parsed(BrowserSdp.crlf(List.of("v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0",
                "z=0 0", "x=future line type", "a=brand-new-thing:42",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=rtpmap:111 opus/48000/2", "a=flag-without-value",
                "k=prompt")));
        assertEquals(Optional.of("42"), sdp.attributes().stream().filter(a -> a.name().equals("brand-new-thing"))
                .findFirst().orElseThrow().value());
        MediaDescription audio = sdp.media().get(0);
        assertTrue(audio.hasAttribute("flag-without-value"));
        assertEquals(Optional.empty(), audio.attributes("flag-without-value").get(0).value());
        assertEquals(11, audio.attributes("flag-without-value").get(0).line());
    }

    @Test
    void readsBandwidthPerSection() {
        SessionDescription sdp = parsed(BrowserSdp.crlf(List.of("v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0",
                "b=AS:5000", "m=video 9 UDP/TLS/RTP/SAVPF 96", "b=AS:2500", "b=TIAS:2500000", "b=CT:1000", "a=mid:v",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:a")));
        MediaDescription video = sdp.media("v").orElseThrow();
        assertEquals(OptionalLong.of(2500), video.bandwidthAs());
        assertEquals(OptionalLong.of(2_500_000), video.bandwidthTias());
        assertEquals(OptionalLong.empty(), sdp.media("a").orElseThrow().bandwidthAs(), "session b= is not a section's");
    }

    @Test
    void readsSimulcastAlternativesAndPausedStreams() {
        // RFC 8853 §5.1: "a=simulcast:send 1;2,3 recv 4" - two streams sent, the second either rid 2 or 3.
        Simulcast simulcast = Simulcast.parse("send 1;2,3 recv 4").orElseThrow();
        assertEquals(List.of(Simulcast.Stream.of("1"), new Simulcast.Stream(List.of(
                new Simulcast.RidChoice("2", false), new Simulcast.RidChoice("3", false)))), simulcast.send());
        assertEquals(List.of(Simulcast.Stream.of("4")), simulcast.recv());
        Simulcast paused = Simulcast.parse("recv ~h;m,~l").orElseThrow();
        assertTrue(paused.recv().get(0).alternatives().get(0).paused());
        assertEquals("recv ~h;m,~l", paused.toSdpValue());
        assertEquals(Simulcast.parse("send l;m"), Simulcast.parse("send rid=l;m"), "the draft's rid= prefix");
        assertEquals(Optional.empty(), Simulcast.parse("send"));
        assertEquals(Optional.empty(), Simulcast.parse("send a;;b"));
        assertEquals(Optional.empty(), Simulcast.parse("send a send b"));
        assertEquals(Optional.empty(), Simulcast.parse("both a"));
    }

    @Test
    void readsRidRestrictions() {
        // RFC 8851 §10 grammar: restrictions are ';'-separated key=value, pt= lists payload types.
        Rid rid = Rid.parse("1 send pt=97,98;max-width=1280;max-height=720").orElseThrow();
        assertEquals(Direction.SENDONLY, rid.direction());
        assertEquals(Optional.of("97,98"), rid.restriction("pt"));
        assertEquals(Optional.of("1280"), rid.restriction("max-width"));
        assertEquals("1 send pt=97,98;max-width=1280;max-height=720", rid.toSdpValue());
        assertEquals(Optional.empty(), Rid.parse("1 sideways"));
        assertEquals(Optional.empty(), Rid.parse("bad!id send"));
    }

    @Test
    void readsSsrcAttributesWithAndWithoutValues() {
        // RFC 5576 §4.1: "a=ssrc:<ssrc-id> <attribute>:<value>" or a bare attribute.
        assertEquals(new SsrcAttribute(4294967295L, "msid", Optional.of("stream track")),
                SsrcAttribute.parse("4294967295 msid:stream track").orElseThrow());
        assertEquals(new SsrcAttribute(1, "flag", Optional.empty()), SsrcAttribute.parse("1 flag").orElseThrow());
        assertEquals(Optional.empty(), SsrcAttribute.parse("4294967296 cname:x"), "larger than 32 bits");
        assertEquals(Optional.empty(), SsrcAttribute.parse("12"));
    }
}
