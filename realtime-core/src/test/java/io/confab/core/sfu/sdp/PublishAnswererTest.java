package io.confab.core.sfu.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Answers to publish offers from Chrome, Firefox and RFC 8829, checked line by line and as negotiated values. */
class PublishAnswererTest {
    private static final long SESSION_ID = 4215775240449105457L;

    private static PublishAnswerer answerer() {
        return new PublishAnswerer(SfuTransport.LOCAL, CodecSupport.OPUS_VP8, SESSION_ID);
    }

    private static PublishAnswer answer(PublishAnswerer answerer, String offer) {
        PublishAnswerResult result = answerer.answer(offer);
        return assertInstanceOf(PublishAnswer.class, result, () -> "expected an answer, got " + result);
    }

    private static PublishAnswer answer(String offer) {
        return answer(answerer(), offer);
    }

    private static NegotiationError refusal(String offer) {
        PublishAnswerResult result = answerer().answer(offer);
        return assertInstanceOf(NegotiationError.class, result, () -> "expected a refusal, got " + result);
    }

    static List<String> lines(String sdp) {
        assertTrue(sdp.endsWith("\r\n"), "SDP ends with CRLF");
        assertFalse(sdp.replace("\r\n", "").contains("\n"), "every line ends with CRLF (RFC 8866 §5)");
        return Arrays.asList(sdp.split("\r\n"));
    }

    /** The lines of one m-section, from its m= line up to the next. */
    static List<String> section(String sdp, String mLinePrefix) {
        List<String> all = lines(sdp);
        int start = all.indexOf(all.stream().filter(l -> l.startsWith(mLinePrefix)).findFirst().orElseThrow());
        int end = start + 1;
        while (end < all.size() && !all.get(end).startsWith("m=")) {
            end++;
        }
        return all.subList(start, end);
    }

    private static List<String> concat(List<?>... parts) {
        List<String> all = new ArrayList<>();
        for (List<?> part : parts) {
            part.forEach(line -> all.add((String) line));
        }
        return all;
    }

    @Test
    void answersChromeSimulcastOfferLineByLine() {
        String sdp = answer(BrowserSdp.CHROME_PUBLISH_OFFER).sdp();
        List<String> expected = concat(
                List.of("v=0", "o=- 4215775240449105457 1 IN IP4 0.0.0.0", "s=-", "t=0 0", "a=ice-lite", "a=group:BUNDLE 0 1",
                        "m=audio 9 UDP/TLS/RTP/SAVPF 111"),
                SfuTransport.transportLines("passive", "0"),
                SfuTransport.CANDIDATE_LINES,
                List.of("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=recvonly",
                        "a=rtcp-mux",
                        "a=rtpmap:111 opus/48000/2",
                        "a=rtcp-fb:111 transport-cc",
                        "a=fmtp:111 minptime=10;useinbandfec=1",
                        "m=video 9 UDP/TLS/RTP/SAVPF 96 97"),
                SfuTransport.transportLines("passive", "1"),
                List.of("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                        "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
                        "a=recvonly",
                        "a=rtcp-mux",
                        "a=rtpmap:96 VP8/90000",
                        "a=rtcp-fb:96 goog-remb",
                        "a=rtcp-fb:96 transport-cc",
                        "a=rtcp-fb:96 ccm fir",
                        "a=rtcp-fb:96 nack",
                        "a=rtcp-fb:96 nack pli",
                        "a=rtpmap:97 rtx/90000",
                        "a=fmtp:97 apt=96",
                        "a=rid:l recv",
                        "a=rid:m recv",
                        "a=rid:h recv",
                        "a=simulcast:recv l;m;h",
                        "m=application 0 UDP/DTLS/SCTP webrtc-datachannel",
                        "c=IN IP4 0.0.0.0",
                        "a=mid:2"));
        List<String> actual = lines(sdp);
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), "number of lines");
    }

    @Test
    void reportsWhatWasNegotiatedWithChrome() {
        NegotiatedPublish negotiated = answer(BrowserSdp.CHROME_PUBLISH_OFFER).negotiated();
        NegotiatedMedia audio = negotiated.media("0").orElseThrow();
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals(Direction.RECVONLY, audio.direction());
        assertEquals(List.of(new NegotiatedCodec(111, "opus", 48000, OptionalInt.of(2), "minptime=10;useinbandfec=1",
                OptionalInt.empty(), List.of("transport-cc"))), audio.codecs(), "transport-cc feedback is kept");
        assertEquals(Map.of(HeaderExtensionUri.AUDIO_LEVEL, 1, HeaderExtensionUri.ABS_SEND_TIME, 2,
                HeaderExtensionUri.TRANSPORT_CC, 3, HeaderExtensionUri.MID, 4), audio.extensionIds());
        assertEquals(OptionalInt.of(3), audio.extensionId(HeaderExtensionUri.TRANSPORT_CC));
        assertEquals(List.of(), audio.rids());
        assertEquals(Optional.of(new Msid("5d3a4b8e-7c1f-4e2a-9b60-2f0c8d1e4a77", "0b6f2c1e-93a4-4d5b-8e7f-1a2b3c4d5e6f")),
                audio.msid());
        assertEquals(List.of(3233846890L), audio.ssrcs());

        NegotiatedMedia video = negotiated.media("1").orElseThrow();
        assertEquals(List.of(new NegotiatedCodec(96, "VP8", 90000, OptionalInt.empty(), "", OptionalInt.of(97),
                List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"))), video.codecs());
        assertEquals(List.of(HeaderExtensionUri.ABS_SEND_TIME, HeaderExtensionUri.TRANSPORT_CC, HeaderExtensionUri.MID, HeaderExtensionUri.RTP_STREAM_ID,
                HeaderExtensionUri.REPAIRED_RTP_STREAM_ID), List.copyOf(video.extensionIds().keySet()));
        assertEquals(OptionalInt.of(10), video.extensionId(HeaderExtensionUri.RTP_STREAM_ID));
        assertEquals(List.of("l", "m", "h"), video.rids());
        assertTrue(video.isSimulcast());
        assertEquals(List.of(), video.ssrcs());
        assertEquals("7e8f9a0b-1c2d-4e3f-a5b6-c7d8e9f0a1b2", video.msid().orElseThrow().trackId().orElseThrow());

        assertEquals(List.of("2"), negotiated.rejected().stream().map(RejectedMedia::mid).toList());
        assertEquals("application", negotiated.rejected().get(0).media());
        assertEquals(new RemoteTransport("Xk3d", "q9Rz2VbN8yTfL0wPc4sH6mJa",
                SfuTransport.fingerprint(BrowserSdp.CHROME_FINGERPRINT), SetupRole.ACTPASS), negotiated.remote());
    }

    @Test
    void answerParsesBackAsWhatItSays() {
        SessionDescription answer = SdpParserTest.parsed(answer(BrowserSdp.CHROME_PUBLISH_OFFER).sdp());
        assertTrue(answer.iceLite());
        assertEquals(List.of("0", "1"), answer.bundleMids());
        assertEquals(SESSION_ID + "", answer.origin().sessionId());
        MediaDescription audio = answer.media("0").orElseThrow();
        assertEquals(Direction.RECVONLY, audio.direction());
        assertEquals(Optional.of(SetupRole.PASSIVE), audio.transport().setup());
        assertEquals(Optional.of(SfuTransport.FINGERPRINT), audio.transport().fingerprint());
        assertEquals(2, audio.candidates().size());
        assertTrue(audio.endOfCandidates());
        MediaDescription video = answer.media("1").orElseThrow();
        assertEquals(List.of("96", "97"), video.formats());
        assertEquals(List.of(), video.candidates(), "candidates go in the first bundled m-section only");
        assertEquals(List.of("l", "m", "h"), video.rids().stream().filter(r -> !r.isSend()).map(Rid::id).toList());
        assertEquals(List.of(), video.simulcast().orElseThrow().send());
        assertEquals(3, video.simulcast().orElseThrow().recv().size());
        assertTrue(answer.media("2").orElseThrow().isRejected());
        // The publisher's send-side estimator runs on our transport-cc feedback: both sections declare it.
        for (MediaDescription media : answer.media().subList(0, 2)) {
            assertTrue(media.extMaps().stream().anyMatch(e -> e.uri().equals(HeaderExtensionUri.TRANSPORT_CC) && e.id() == 3),
                    media.media() + " keeps the transport-wide sequence number extension under the offer's id");
            assertTrue(media.rtcpFeedback().stream().anyMatch(f -> f.value().equals("transport-cc")),
                    media.media() + " keeps rtcp-fb transport-cc");
        }
    }

    @Test
    void answersFirefoxOfferMirroringItsLayersAndKeepingItsNumbers() {
        PublishAnswer answer = answer(BrowserSdp.FIREFOX_PUBLISH_OFFER);
        assertEquals(concat(List.of("m=audio 9 UDP/TLS/RTP/SAVPF 109"), SfuTransport.transportLines("passive", "0"),
                SfuTransport.CANDIDATE_LINES,
                List.of("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=recvonly",
                        "a=rtcp-mux",
                        "a=rtpmap:109 opus/48000/2",
                        "a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1")),
                section(answer.sdp(), "m=audio"));
        assertEquals(concat(List.of("m=video 9 UDP/TLS/RTP/SAVPF 120 124"), SfuTransport.transportLines("passive", "1"),
                List.of("a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                        "a=extmap:8 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                        "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
                        "a=recvonly",
                        "a=rtcp-mux",
                        "a=rtpmap:120 VP8/90000",
                        "a=rtcp-fb:120 nack",
                        "a=rtcp-fb:120 nack pli",
                        "a=rtcp-fb:120 ccm fir",
                        "a=rtcp-fb:120 goog-remb",
                        "a=rtcp-fb:120 transport-cc",
                        "a=fmtp:120 max-fs=12288;max-fr=60",
                        "a=rtpmap:124 rtx/90000",
                        "a=fmtp:124 apt=120",
                        "a=rid:h recv",
                        "a=rid:m recv",
                        "a=rid:l recv",
                        "a=simulcast:recv h;m;l")),
                section(answer.sdp(), "m=video"));
        assertEquals(List.of("a=group:BUNDLE 0 1"), lines(answer.sdp()).stream().filter(l -> l.startsWith("a=group")).toList());

        NegotiatedMedia video = answer.negotiated().media("1").orElseThrow();
        assertEquals(List.of("h", "m", "l"), video.rids());
        assertEquals(6, video.ssrcs().size());
        assertEquals(List.of(new RtxPair(2914528541L, 1263574322L), new RtxPair(3402093218L, 694281551L),
                new RtxPair(1781929302L, 2258914471L)), video.rtxPairs());
        RemoteTransport remote = answer.negotiated().remote();
        assertEquals("3f9a2c1e", remote.iceUfrag());
        assertEquals(SfuTransport.fingerprint(BrowserSdp.FIREFOX_FINGERPRINT), remote.fingerprint(),
                "Firefox's session-level fingerprint");
    }

    @Test
    void acceptsConstrainedBaselineH264OnlyWhenConfigured() {
        PublishAnswerer withH264 = new PublishAnswerer(SfuTransport.LOCAL, CodecSupport.OPUS_VP8_H264, SESSION_ID);
        PublishAnswer answer = answer(withH264, BrowserSdp.CHROME_PUBLISH_OFFER);
        assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 96 97 109 114", section(answer.sdp(), "m=video").get(0),
                "VP8 first, then the 42e01f packetization-mode=1 H264 with its RTX");
        assertEquals(new NegotiatedCodec(109, "H264", 90000, OptionalInt.empty(),
                        "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", OptionalInt.of(114),
                        List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")),
                answer.negotiated().media("1").orElseThrow().codecs().get(1));
        assertTrue(section(answer.sdp(), "m=video").contains("a=fmtp:109 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"));
        assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 96 97", section(answer(BrowserSdp.CHROME_PUBLISH_OFFER).sdp(), "m=video").get(0));
    }

    @Test
    void answersTheJsepExampleOffer() {
        // RFC 8829 §7.1's offer is sendrecv; a publish answer only receives.
        PublishAnswer answer = answer(BrowserSdp.JSEP_EXAMPLE_OFFER);
        List<String> all = lines(answer.sdp());
        assertTrue(all.contains("a=group:BUNDLE a1 v1"));
        assertEquals(List.of("m=audio 9 UDP/TLS/RTP/SAVPF 96", "m=video 9 UDP/TLS/RTP/SAVPF 100 101"),
                all.stream().filter(l -> l.startsWith("m=")).toList());
        assertEquals(2, all.stream().filter("a=recvonly"::equals).count());
        assertEquals(List.of("a=rtcp-fb:100 ccm fir", "a=rtcp-fb:100 nack", "a=rtcp-fb:100 nack pli"),
                all.stream().filter(l -> l.startsWith("a=rtcp-fb")).toList());
        assertEquals(Map.of(HeaderExtensionUri.MID, 1, HeaderExtensionUri.AUDIO_LEVEL, 2),
                answer.negotiated().media("a1").orElseThrow().extensionIds());
        assertEquals("ETEn", answer.negotiated().remote().iceUfrag(), "the bundle's transport is the first section's");
        assertEquals(new Msid("47017fee-b6c1-4162-929c-a25110252400", "f30bdb4a-5db8-49b5-bcdc-e0c9a23172e0"),
                answer.negotiated().media("v1").orElseThrow().msid().orElseThrow());
    }

    private static final List<String> SESSION = List.of("v=0", "o=- 7 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
            "a=fingerprint:" + BrowserSdp.CHROME_FINGERPRINT, "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuv",
            "a=setup:actpass");

    private static String offer(String... lines) {
        List<String> all = new ArrayList<>(SESSION);
        all.addAll(List.of(lines));
        return BrowserSdp.crlf(all);
    }

    @Test
    void refusesAnOfferWithNoUsableCodecNamingWhatWasOffered() {
        NegotiationError error = refusal(offer("a=group:BUNDLE a d",
                "m=audio 9 UDP/TLS/RTP/SAVPF 9 0", "a=mid:a", "a=rtcp-mux", "a=rtpmap:9 G722/8000", "a=rtpmap:0 PCMU/8000",
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:d"));
        assertEquals(NegotiationError.Problem.NO_USABLE_CODEC, error.problem());
        for (String offered : List.of("G722/8000", "PCMU/8000", "webrtc-datachannel")) {
            assertTrue(error.detail().contains(offered), () -> offered + " missing from " + error.detail());
        }
    }

    @Test
    void rejectsOnlyTheSectionWithoutASupportedCodec() {
        PublishAnswer answer = answer(offer("a=group:BUNDLE a v",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:a", "a=sendonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
                "m=video 9 UDP/TLS/RTP/SAVPF 98", "a=mid:v", "a=sendonly", "a=rtcp-mux", "a=rtpmap:98 VP9/90000"));
        assertEquals(List.of("m=video 0 UDP/TLS/RTP/SAVPF 98", "c=IN IP4 0.0.0.0", "a=mid:v"), section(answer.sdp(), "m=video"));
        assertTrue(lines(answer.sdp()).contains("a=group:BUNDLE a"), "a rejected section leaves BUNDLE (RFC 8843 §7.3.3)");
        RejectedMedia rejected = answer.negotiated().rejected().get(0);
        assertEquals("v", rejected.mid());
        assertTrue(rejected.reason().contains("VP9/90000"), rejected.reason());
    }

    @Test
    void rejectsMonoOpusPlainRtpAndSectionsWithoutRtcpMux() {
        PublishAnswer answer = answer(offer("a=group:BUNDLE a b c v",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:a", "a=rtcp-mux", "a=rtpmap:111 opus/48000",
                "m=audio 9 RTP/AVP 111", "a=mid:b", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:c", "a=rtpmap:111 opus/48000/2",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:v", "a=rtcp-mux", "a=rtpmap:96 VP8/90000"));
        assertEquals(List.of("a", "b", "c"), answer.negotiated().rejected().stream().map(RejectedMedia::mid).toList());
        assertEquals(List.of("v"), answer.negotiated().media().stream().map(NegotiatedMedia::mid).toList());
    }

    @Test
    void mirrorsPausedAndAlternativeLayersAndNarrowsPayloadRestrictions() {
        PublishAnswer answer = answer(offer(
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98", "a=mid:v", "a=sendonly", "a=rtcp-mux",
                "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96", "a=rtpmap:98 VP9/90000",
                "a=rid:a send pt=96,98;max-width=320", "a=rid:b send pt=98", "a=rid:c send", "a=rid:d send", "a=rid:e send",
                "a=simulcast:send ~a;b,c;d;e;undeclared"));
        assertEquals(List.of("a=rid:a recv pt=96;max-width=320", "a=rid:c recv", "a=rid:d recv", "a=simulcast:recv ~a;c;d"),
                section(answer.sdp(), "m=video").stream().filter(l -> l.startsWith("a=rid") || l.startsWith("a=simulcast")).toList(),
                "rid b allows only VP9, which is not taken; at most three layers");
        assertEquals(List.of("a", "c", "d"), answer.negotiated().media("v").orElseThrow().rids());
    }

    @Test
    void reportsSsrcsAndRtxPairOfAVideoOfferWithoutSimulcast() {
        PublishAnswer answer = answer(offer(
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "a=mid:v", "a=sendrecv", "a=rtcp-mux",
                "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96",
                "a=ssrc-group:FID 1111 2222", "a=ssrc:1111 cname:c", "a=ssrc:1111 msid:s t", "a=ssrc:2222 cname:c"));
        NegotiatedMedia video = answer.negotiated().media("v").orElseThrow();
        assertEquals(List.of(1111L, 2222L), video.ssrcs());
        assertEquals(List.of(new RtxPair(1111, 2222)), video.rtxPairs());
        assertEquals(Optional.of(new Msid("s", "t")), video.msid(), "from the a=ssrc msid when there is no a=msid");
        assertEquals(List.of(), video.rids());
        assertTrue(lines(answer.sdp()).stream().noneMatch(l -> l.startsWith("a=rid") || l.startsWith("a=simulcast")));
        assertFalse(lines(answer.sdp()).stream().anyMatch(l -> l.startsWith("a=group")), "no BUNDLE was offered");
    }

    @Test
    void answersAnOfferThatOnlyReceivesWithInactive() {
        PublishAnswer answer = answer(offer("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:a", "a=recvonly", "a=rtcp-mux",
                "a=rtpmap:111 opus/48000/2"));
        assertTrue(lines(answer.sdp()).contains("a=inactive"));
        assertEquals(Direction.INACTIVE, answer.negotiated().media("a").orElseThrow().direction());
    }

    @Test
    void refusesTwoUsableSectionsWithoutBundle() {
        NegotiationError error = refusal(offer(
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:a", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:v", "a=rtcp-mux", "a=rtpmap:96 VP8/90000"));
        assertEquals(NegotiationError.Problem.BUNDLE_REQUIRED, error.problem());
    }

    @Test
    void refusesOffersWhoseTransportTheSfuCannotServe() {
        String chrome = BrowserSdp.CHROME_PUBLISH_OFFER;
        assertEquals(NegotiationError.Problem.BAD_SETUP_ROLE, refusal(chrome.replace("a=setup:actpass", "a=setup:passive")).problem());
        assertEquals(NegotiationError.Problem.MISSING_FINGERPRINT,
                refusal(chrome.replace("a=fingerprint:" + BrowserSdp.CHROME_FINGERPRINT + "\r\n", "")).problem());
        assertEquals(NegotiationError.Problem.MISSING_FINGERPRINT, refusal(chrome.replace(BrowserSdp.CHROME_FINGERPRINT,
                "md5 " + "AB:".repeat(15) + "AB")).problem(), "md5 is a hash function RFC 8122 forbids");
        assertEquals(NegotiationError.Problem.MISSING_ICE_CREDENTIALS,
                refusal(chrome.replace("a=ice-pwd:q9Rz2VbN8yTfL0wPc4sH6mJa\r\n", "")).problem());
        assertEquals(NegotiationError.Problem.PEER_IS_ICE_LITE,
                refusal(chrome.replace("a=extmap-allow-mixed", "a=ice-lite")).problem());
        NegotiationError noMid = refusal(chrome.replace("a=mid:1\r\n", ""));
        assertEquals(NegotiationError.Problem.MISSING_MID, noMid.problem());
        assertEquals(PublishAnswer.class, answerer().answer(chrome.replace("a=setup:actpass", "a=setup:active")).getClass(),
                "an offer that insists on being DTLS client suits the SFU");
    }

    @Test
    void refusesMalformedOfferNamingTheLine() {
        NegotiationError error = refusal(BrowserSdp.CHROME_PUBLISH_OFFER.replace("m=video 9 ", "m=video nine "));
        assertEquals(NegotiationError.Problem.MALFORMED_SDP, error.problem());
        assertTrue(error.detail().startsWith("line 38: BAD_PORT"), error.detail());
        assertEquals(NegotiationError.Problem.MALFORMED_SDP, refusal("").problem());
    }

    @Test
    void raisesTheVersionWithEachAnswerAndKeepsTheSessionId() {
        PublishAnswerer answerer = answerer();
        assertEquals(0, answerer.sessionVersion());
        String first = answer(answerer, BrowserSdp.CHROME_PUBLISH_OFFER).sdp();
        assertInstanceOf(NegotiationError.class, answerer.answer("v=0"));
        String second = answer(answerer, BrowserSdp.CHROME_PUBLISH_OFFER).sdp();
        assertEquals("o=- 4215775240449105457 1 IN IP4 0.0.0.0", lines(first).get(1));
        assertEquals("o=- 4215775240449105457 2 IN IP4 0.0.0.0", lines(second).get(1), "a refused offer does not count");
        assertEquals(2, answerer.sessionVersion());
    }
}
