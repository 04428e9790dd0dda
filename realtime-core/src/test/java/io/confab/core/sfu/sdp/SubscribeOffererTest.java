package io.confab.core.sfu.sdp;

import static io.confab.core.sfu.sdp.PublishAnswererTest.lines;
import static io.confab.core.sfu.sdp.PublishAnswererTest.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Subscribe offers as text and parsed back, renegotiation as people come and go, and browsers' answers. */
class SubscribeOffererTest {
    private static final long SESSION_ID = 99;
    private static final ForwardedTrack ALICE_AUDIO = ForwardedTrack.audio(1001, "alice", "alice-stream", "alice-audio");
    private static final ForwardedTrack ALICE_VIDEO = ForwardedTrack.video(2001, 2002, "alice", "alice-stream", "alice-video");
    private static final ForwardedTrack CAROL_AUDIO = ForwardedTrack.audio(3001, "carol", "carol-stream", "carol-audio");
    private static final List<SubscribeSlot> ALICE = List.of(
            SubscribeSlot.active("a0", MediaKind.AUDIO, ALICE_AUDIO), SubscribeSlot.active("v0", MediaKind.VIDEO, ALICE_VIDEO));

    private static final String CHROME_FINGERPRINT =
            "sha-256 D2:7A:10:C4:5E:93:0B:F8:21:6C:AE:47:B5:39:E0:8D:14:72:CB:56:0F:A3:98:2D:E6:41:B7:5C:09:F2:8A:33";

    /** How Chrome 13x answers a subscribe offer: recvonly or inactive per section, setup active, trickle. */
    static String chromeAnswer(List<SubscribeSlot> slots, List<String> directions) {
        List<String> lines = new ArrayList<>(List.of("v=0", "o=- 5113547452069416735 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE " + String.join(" ", slots.stream().map(SubscribeSlot::mid).toList()),
                "a=extmap-allow-mixed", "a=msid-semantic: WMS"));
        for (int i = 0; i < slots.size(); i++) {
            SubscribeSlot slot = slots.get(i);
            boolean video = slot.kind() == MediaKind.VIDEO;
            lines.add(video ? "m=video 9 UDP/TLS/RTP/SAVPF 96 97" : "m=audio 9 UDP/TLS/RTP/SAVPF 111");
            lines.add("c=IN IP4 0.0.0.0");
            if (video) {
                lines.add("b=AS:1500");
            }
            lines.addAll(List.of("a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:Ab9z", "a=ice-pwd:Yq7Rk2Lm9Pw4Xs6Tn1Vb3Hc8",
                    "a=ice-options:trickle", "a=fingerprint:" + CHROME_FINGERPRINT, "a=setup:active", "a=mid:" + slot.mid()));
            if (!video) {
                lines.add("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
            }
            lines.addAll(List.of("a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                    "a=extmap:5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                    "a=" + directions.get(i), "a=rtcp-mux"));
            if (video) {
                lines.addAll(List.of("a=rtcp-rsize", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 goog-remb", "a=rtcp-fb:96 transport-cc",
                        "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli", "a=rtpmap:97 rtx/90000",
                        "a=fmtp:97 apt=96"));
            } else {
                lines.addAll(List.of("a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc",
                        "a=fmtp:111 minptime=10;useinbandfec=1"));
            }
        }
        return BrowserSdp.crlf(lines);
    }

    private static SubscribeOfferer offerer() {
        return new SubscribeOfferer(SfuTransport.LOCAL, SESSION_ID);
    }

    private static NegotiationError refusal(SubscribeOfferer offerer, String answer) {
        SubscribeAnswerResult result = offerer.acceptAnswer(answer);
        return assertInstanceOf(NegotiationError.class, result, () -> "expected a refusal, got " + result);
    }

    private static SubscribeAnswer accepted(SubscribeOfferer offerer, String answer) {
        SubscribeAnswerResult result = offerer.acceptAnswer(answer);
        return assertInstanceOf(SubscribeAnswer.class, result, () -> "expected acceptance, got " + result);
    }

    private static List<String> concat(List<?>... parts) {
        List<String> all = new ArrayList<>();
        for (List<?> part : parts) {
            part.forEach(line -> all.add((String) line));
        }
        return all;
    }

    @Test
    void offersOneSendonlySectionPerTrackLineByLine() {
        List<String> expected = concat(
                List.of("v=0", "o=- 99 1 IN IP4 0.0.0.0", "s=-", "t=0 0", "a=ice-lite", "a=group:BUNDLE a0 v0",
                        "a=msid-semantic:WMS *", "m=audio 9 UDP/TLS/RTP/SAVPF 111"),
                SfuTransport.transportLines("actpass", "a0"),
                SfuTransport.CANDIDATE_LINES,
                List.of("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=extmap:5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                        "a=sendonly",
                        "a=msid:alice-stream alice-audio",
                        "a=rtcp-mux",
                        "a=rtpmap:111 opus/48000/2",
                        "a=rtcp-fb:111 transport-cc",
                        "a=fmtp:111 minptime=10;useinbandfec=1",
                        "a=ssrc:1001 cname:alice",
                        "a=ssrc:1001 msid:alice-stream alice-audio",
                        "m=video 9 UDP/TLS/RTP/SAVPF 96 97"),
                SfuTransport.transportLines("actpass", "v0"),
                List.of("a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=extmap:5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                        "a=sendonly",
                        "a=msid:alice-stream alice-video",
                        "a=rtcp-mux",
                        "a=rtpmap:96 VP8/90000",
                        "a=rtcp-fb:96 goog-remb",
                        "a=rtcp-fb:96 transport-cc",
                        "a=rtcp-fb:96 ccm fir",
                        "a=rtcp-fb:96 nack",
                        "a=rtcp-fb:96 nack pli",
                        "a=rtpmap:97 rtx/90000",
                        "a=fmtp:97 apt=96",
                        "a=ssrc-group:FID 2001 2002",
                        "a=ssrc:2001 cname:alice",
                        "a=ssrc:2001 msid:alice-stream alice-video",
                        "a=ssrc:2002 cname:alice",
                        "a=ssrc:2002 msid:alice-stream alice-video"));
        assertEquals(expected, lines(offerer().offer(ALICE)));
    }

    @Test
    void offerParsesBackAsWhatItSays() {
        SessionDescription offer = SdpParserTest.parsed(offerer().offer(ALICE));
        assertTrue(offer.iceLite());
        assertEquals(List.of("a0", "v0"), offer.bundleMids());
        MediaDescription audio = offer.media("a0").orElseThrow();
        MediaDescription video = offer.media("v0").orElseThrow();
        for (MediaDescription media : List.of(audio, video)) {
            assertEquals(Direction.SENDONLY, media.direction());
            assertEquals(Optional.of(SetupRole.ACTPASS), media.transport().setup());
            assertEquals(Optional.of(SfuTransport.UFRAG), media.transport().iceUfrag());
            assertTrue(media.rtcpMux());
            assertEquals(Optional.of(new ExtMap(3, HeaderExtensionUri.ABS_SEND_TIME)),
                    media.extMaps().stream().filter(e -> e.uri().equals(HeaderExtensionUri.ABS_SEND_TIME)).findFirst(),
                    "one id per URI across the bundle");
        }
        assertEquals(2, audio.candidates().size());
        assertEquals(List.of(), video.candidates());
        assertEquals(Optional.of("minptime=10;useinbandfec=1"), audio.fmtp(111).map(Fmtp::parameters));
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, List.of(2001L, 2002L))), video.ssrcGroups());
        assertEquals(List.of("alice"), video.ssrcAttributeValues(2002, "cname"));
        assertEquals(Optional.of(new Msid("alice-stream", "alice-video")), video.msid());
        assertEquals(OptionalInt.of(96), video.fmtp(97).orElseThrow().associatedPayloadType());
        assertEquals(5, video.rtcpFeedback(96).size());
        for (MediaDescription media : List.of(audio, video)) {
            assertTrue(media.extMaps().contains(new ExtMap(4, HeaderExtensionUri.MID)), media.media() + " declares mid");
            assertTrue(media.extMaps().contains(new ExtMap(5, HeaderExtensionUri.TRANSPORT_CC)),
                    media.media() + " declares transport-wide sequence numbers");
        }
        assertTrue(video.rtcpFeedback(96).stream().anyMatch(f -> f.value().equals("transport-cc")));
    }

    @Test
    void notesWhichExtensionsTheAnswerAccepted() {
        SubscribeOfferer offerer = offerer();
        offerer.offer(ALICE);
        SubscribeAnswer answer = accepted(offerer, chromeAnswer(ALICE, List.of("recvonly", "recvonly")));
        assertTrue(answer.accepts(HeaderExtensionUri.MID));
        assertTrue(answer.accepts(HeaderExtensionUri.TRANSPORT_CC));

        // An answer without the lines (our bots write none), or with another id, accepts neither.
        SubscribeOfferer second = offerer();
        second.offer(ALICE);
        String without = chromeAnswer(ALICE, List.of("recvonly", "recvonly"))
                .replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n", "")
                .replace("a=extmap:5 ", "a=extmap:9 ");
        SubscribeAnswer bare = accepted(second, without);
        assertFalse(bare.accepts(HeaderExtensionUri.MID));
        assertFalse(bare.accepts(HeaderExtensionUri.TRANSPORT_CC), "an id other than the offered one is not an acceptance");
    }

    @Test
    void acceptsChromesAnswer() {
        SubscribeOfferer offerer = offerer();
        offerer.offer(ALICE);
        assertTrue(offerer.awaitingAnswer());
        SubscribeAnswer answer = accepted(offerer, chromeAnswer(ALICE, List.of("recvonly", "recvonly")));
        assertEquals(new RemoteTransport("Ab9z", "Yq7Rk2Lm9Pw4Xs6Tn1Vb3Hc8", SfuTransport.fingerprint(CHROME_FINGERPRINT),
                SetupRole.ACTIVE), answer.remote());
        assertEquals(List.of(new AnsweredSlot("a0", Direction.RECVONLY, OptionalLong.empty(), OptionalLong.empty()),
                new AnsweredSlot("v0", Direction.RECVONLY, OptionalLong.of(1500), OptionalLong.empty())), answer.slots());
        assertFalse(offerer.awaitingAnswer());
    }

    @Test
    void renegotiatesKeepingDepartedSectionsInactiveAndReusesThemForTheSameKind() {
        SubscribeOfferer offerer = offerer();
        offerer.offer(ALICE);
        accepted(offerer, chromeAnswer(ALICE, List.of("recvonly", "recvonly")));

        // Alice leaves; Bob joins with audio only.
        List<SubscribeSlot> bob = List.of(SubscribeSlot.inactive("a0", MediaKind.AUDIO),
                SubscribeSlot.inactive("v0", MediaKind.VIDEO),
                SubscribeSlot.active("a1", MediaKind.AUDIO, ForwardedTrack.audio(4001, "bob", "bob-stream", "bob-audio")));
        String second = offerer.offer(bob);
        assertEquals("o=- 99 2 IN IP4 0.0.0.0", lines(second).get(1), "same origin, next version (RFC 3264 §8)");
        assertEquals("a=group:BUNDLE a0 v0 a1", lines(second).get(5));
        List<String> departed = section(second, "m=video");
        assertTrue(departed.contains("a=inactive"));
        assertTrue(departed.stream().noneMatch(l -> l.startsWith("a=ssrc") || l.startsWith("a=msid")), departed.toString());
        assertEquals(3, SdpParserTest.parsed(second).media().size());
        SubscribeAnswer answer = accepted(offerer, chromeAnswer(bob, List.of("inactive", "inactive", "recvonly")));
        assertFalse(answer.slot("a0").orElseThrow().receives());
        assertTrue(answer.slot("a1").orElseThrow().receives());

        // Carol's audio reuses Alice's old audio section with her own SSRC and msid.
        List<SubscribeSlot> carol = List.of(SubscribeSlot.active("a0", MediaKind.AUDIO, CAROL_AUDIO), bob.get(1), bob.get(2));
        MediaDescription reused = SdpParserTest.parsed(offerer.offer(carol)).media("a0").orElseThrow();
        assertEquals(Direction.SENDONLY, reused.direction());
        assertEquals(List.of(3001L), reused.ssrcs());
        assertEquals(Optional.of(new Msid("carol-stream", "carol-audio")), reused.msid());
        assertEquals(3, offerer.sessionVersion());
    }

    @Test
    void refusesSlotListsThatBreakUnifiedPlan() {
        SubscribeOfferer offerer = offerer();
        offerer.offer(ALICE);
        offerer.rollback();
        assertThrows(IllegalArgumentException.class, () -> offerer.offer(ALICE.subList(0, 1)), "removing a section");
        assertThrows(IllegalArgumentException.class, () -> offerer.offer(List.of(ALICE.get(1), ALICE.get(0))), "reordering");
        assertThrows(IllegalArgumentException.class, () -> offerer.offer(List.of(ALICE.get(0),
                SubscribeSlot.inactive("v0", MediaKind.AUDIO))), "changing a section's kind");
        assertThrows(IllegalArgumentException.class, () -> offerer.offer(List.of(ALICE.get(0), ALICE.get(1),
                SubscribeSlot.inactive("a0", MediaKind.AUDIO))), "repeating a mid");
        assertThrows(IllegalArgumentException.class, () -> offerer.offer(List.of(ALICE.get(0), ALICE.get(1),
                SubscribeSlot.active("a9", MediaKind.AUDIO, ForwardedTrack.audio(2002, "x", "s", "t")))), "reusing an SSRC");
        assertThrows(IllegalArgumentException.class, () -> offerer().offer(List.of()));
        assertEquals(1, offerer.sessionVersion(), "refused slot lists make no offer");
        offerer.offer(ALICE);
        assertThrows(IllegalStateException.class, () -> offerer.offer(ALICE), "one offer at a time");
    }

    @Test
    void refusesBadSlotsAndTracks() {
        assertThrows(IllegalArgumentException.class, () -> new SubscribeSlot("a0", MediaKind.AUDIO,
                Optional.of(ForwardedTrack.video(1, 2, "c", "s", "t"))), "audio has no RTX");
        assertThrows(IllegalArgumentException.class, () -> SubscribeSlot.inactive("a 0", MediaKind.AUDIO));
        assertThrows(IllegalArgumentException.class, () -> SubscribeSlot.inactive("d", MediaKind.APPLICATION));
        assertThrows(IllegalArgumentException.class, () -> ForwardedTrack.video(1, 1, "c", "s", "t"));
        assertThrows(IllegalArgumentException.class, () -> ForwardedTrack.audio(1L << 32, "c", "s", "t"));
        assertThrows(IllegalArgumentException.class, () -> ForwardedTrack.audio(1, "c", "two words", "t"));
        assertThrows(IllegalArgumentException.class, () -> new LocalTransport("abc", SfuTransport.PWD,
                SfuTransport.FINGERPRINT, SfuTransport.LOCAL.candidates()), "ufrag under 4 characters");
        assertThrows(IllegalArgumentException.class, () -> new LocalTransport(SfuTransport.UFRAG, SfuTransport.PWD,
                SfuTransport.FINGERPRINT, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SubscribeOfferer(SfuTransport.LOCAL, -1));
    }

    @Test
    void refusesAnswersThatDoNotFitTheOffer() {
        String good = chromeAnswer(ALICE, List.of("recvonly", "recvonly"));
        List<SubscribeSlot> oneInactive = List.of(ALICE.get(0), SubscribeSlot.inactive("v0", MediaKind.VIDEO));
        record Case(String answer, NegotiationError.Problem problem, String mid) {
        }
        List<Case> cases = List.of(
                new Case(good.replace("a=setup:active", "a=setup:passive"), NegotiationError.Problem.BAD_SETUP_ROLE, "a0"),
                new Case(good.replace("a=setup:active", "a=setup:actpass"), NegotiationError.Problem.BAD_SETUP_ROLE, "a0"),
                new Case(good.replaceFirst("a=recvonly", "a=sendrecv"), NegotiationError.Problem.BAD_DIRECTION, "a0"),
                new Case(good.replace("m=video 9 ", "m=video 0 "), NegotiationError.Problem.MEDIA_REJECTED, "v0"),
                new Case(good.replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "m=video 9 UDP/TLS/RTP/SAVPF 97")
                        .replace("a=rtpmap:96 VP8/90000\r\n", "").replaceAll("a=rtcp-fb:96 [^\r]*\r\n", ""),
                        NegotiationError.Problem.CODEC_NOT_ACCEPTED, "v0"),
                new Case(good.replace("a=mid:v0", "a=mid:v9"), NegotiationError.Problem.MEDIA_SECTIONS_DIFFER, "v0"),
                new Case(good.substring(0, good.indexOf("m=video")), NegotiationError.Problem.MEDIA_SECTIONS_DIFFER, null),
                new Case(good.replace("a=group:BUNDLE a0 v0", "a=group:BUNDLE a0"), NegotiationError.Problem.BUNDLE_REQUIRED, null),
                new Case(good.replace("a=ice-ufrag:Ab9z\r\n", ""), NegotiationError.Problem.MISSING_ICE_CREDENTIALS, "a0"),
                new Case(good.replace("a=fingerprint:" + CHROME_FINGERPRINT + "\r\n", ""),
                        NegotiationError.Problem.MISSING_FINGERPRINT, "a0"),
                new Case(good.replace("a=extmap-allow-mixed", "a=ice-lite"), NegotiationError.Problem.PEER_IS_ICE_LITE, null),
                new Case(good.replace("c=IN IP4 0.0.0.0", "c"), NegotiationError.Problem.MALFORMED_SDP, null));
        SubscribeOfferer offerer = offerer();
        offerer.offer(ALICE);
        for (Case c : cases) {
            NegotiationError error = refusal(offerer, c.answer());
            assertEquals(c.problem(), error.problem(), () -> "for " + c.problem() + ": " + error);
            assertEquals(Optional.ofNullable(c.mid()), error.mid(), () -> "mid of " + error);
        }
        assertTrue(offerer.awaitingAnswer(), "a refused answer leaves the offer waiting");
        accepted(offerer, good);

        SubscribeOfferer inactiveVideo = offerer();
        inactiveVideo.offer(oneInactive);
        assertEquals(NegotiationError.Problem.BAD_DIRECTION,
                refusal(inactiveVideo, chromeAnswer(oneInactive, List.of("recvonly", "recvonly"))).problem(),
                "an inactive offer cannot be answered recvonly (RFC 3264 §6.1)");
        accepted(inactiveVideo, chromeAnswer(oneInactive, List.of("recvonly", "inactive")));
    }

    @Test
    void refusesAnAnswerWhenNoOfferWaits() {
        SubscribeOfferer offerer = offerer();
        assertEquals(NegotiationError.Problem.NO_OFFER_PENDING,
                refusal(offerer, chromeAnswer(ALICE, List.of("recvonly", "recvonly"))).problem());
        offerer.offer(ALICE);
        accepted(offerer, chromeAnswer(ALICE, List.of("recvonly", "recvonly")));
        assertEquals(NegotiationError.Problem.NO_OFFER_PENDING,
                refusal(offerer, chromeAnswer(ALICE, List.of("recvonly", "recvonly"))).problem(), "answered already");
    }
}
