package io.confab.core.sfu.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every way the parser refuses text, with the line and reason it names; nothing it is fed makes it throw. */
class SdpParserBadInputTest {
    private static final List<String> HEADER = List.of("v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0");

    private static SdpParseError refusal(String sdp) {
        SdpParseResult result = SdpParser.parse(sdp);
        return assertInstanceOf(SdpParseError.class, result, () -> "expected a refusal, got " + result);
    }

    /** The header, then these lines. */
    private static String withHeader(String... lines) {
        List<String> all = new ArrayList<>(HEADER);
        all.addAll(List.of(lines));
        return BrowserSdp.crlf(all);
    }

    @Test
    void emptyOrNullTextIsEmpty() {
        assertEquals(SdpParseError.Reason.EMPTY, refusal(null).reason());
        assertEquals(SdpParseError.Reason.EMPTY, refusal("").reason());
        assertEquals(SdpParseError.Reason.EMPTY, refusal("\r\n\r\n").reason());
    }

    @Test
    void textNotStartingWithVersionIsRefusedAtItsFirstLine() {
        SdpParseError error = refusal(BrowserSdp.CHROME_PUBLISH_OFFER.substring("v=0\r\n".length()));
        assertEquals(SdpParseError.Reason.MISSING_VERSION, error.reason());
        assertEquals(1, error.line());
        assertEquals(SdpParseError.Reason.BAD_VERSION, refusal(BrowserSdp.CHROME_PUBLISH_OFFER.replace("v=0", "v=1")).reason());
    }

    @Test
    void missingOrBrokenOriginIsBadOrigin() {
        assertEquals(SdpParseError.Reason.BAD_ORIGIN, refusal("v=0\r\ns=-\r\nt=0 0\r\n").reason());
        assertEquals(SdpParseError.Reason.BAD_ORIGIN, refusal("v=0\r\no=- 1 IN IP4 0.0.0.0\r\n").reason());
        SdpParseError error = refusal("v=0\r\no=- 1 two IN IP4 0.0.0.0\r\n");
        assertEquals(SdpParseError.Reason.BAD_ORIGIN, error.reason());
        assertEquals(2, error.line());
    }

    @Test
    void lineWithoutLetterAndEqualsIsMalformed() {
        SdpParseError error = refusal(withHeader("m=audio 9 UDP/TLS/RTP/SAVPF 111", "this is not sdp"));
        assertEquals(SdpParseError.Reason.MALFORMED_LINE, error.reason());
        assertEquals(6, error.line());
        assertEquals(SdpParseError.Reason.MALFORMED_LINE, refusal(withHeader("A=upper case type")).reason());
    }

    @Test
    void mediaLineWithBadPortIsBadPort() {
        for (String port : List.of("abc", "-1", "65536", "99999999999999999999", "9/", "9/x", "")) {
            SdpParseError error = refusal(withHeader("m=audio " + port + " UDP/TLS/RTP/SAVPF 111"));
            assertTrue(error.reason() == SdpParseError.Reason.BAD_PORT || error.reason() == SdpParseError.Reason.BAD_MEDIA_LINE,
                    () -> "port '" + port + "' gave " + error);
            assertEquals(5, error.line());
        }
        assertEquals(SdpParseError.Reason.BAD_PORT, refusal(withHeader("m=audio 70000 RTP/AVP 0")).reason());
    }

    @Test
    void mediaLineMissingFieldsIsBadMediaLine() {
        assertEquals(SdpParseError.Reason.BAD_MEDIA_LINE, refusal(withHeader("m=audio 9")).reason());
        assertEquals(SdpParseError.Reason.BAD_MEDIA_LINE, refusal(withHeader("m=")).reason());
    }

    @Test
    void rtpmapForPayloadTypeNotInTheMediaLineIsRefused() {
        SdpParseError error = refusal(withHeader("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=rtpmap:112 opus/48000/2"));
        assertEquals(SdpParseError.Reason.PAYLOAD_TYPE_NOT_IN_MEDIA_LINE, error.reason());
        assertEquals(7, error.line());
        assertTrue(error.detail().contains("112"), error.detail());
        assertEquals(SdpParseError.Reason.PAYLOAD_TYPE_NOT_IN_MEDIA_LINE,
                refusal(withHeader("m=video 9 UDP/TLS/RTP/SAVPF 96", "a=rtcp-fb:97 nack")).reason());
    }

    @Test
    void rtpmapNonsenseIsBadAttribute() {
        for (String rtpmap : List.of("a=rtpmap:", "a=rtpmap:111", "a=rtpmap:111 opus", "a=rtpmap:111 opus/",
                "a=rtpmap:111 opus/fast/2", "a=rtpmap:111 opus/48000/2/1", "a=rtpmap:111 opus/0", "a=rtpmap:x opus/48000",
                "a=rtpmap:128 opus/48000", "a=rtpmap:111 opus/48000/zero", "a=rtpmap:111 /48000")) {
            SdpParseError error = refusal(withHeader("m=audio 9 UDP/TLS/RTP/SAVPF 111", rtpmap));
            assertEquals(SdpParseError.Reason.BAD_ATTRIBUTE, error.reason(), rtpmap);
            assertEquals(6, error.line(), rtpmap);
        }
    }

    @Test
    void malformedValuesOfAttributesTheSfuReadsAreBadAttributes() {
        for (String attribute : List.of("a=fmtp:abc x=1", "a=rtcp-fb:96", "a=extmap:0 urn:x", "a=extmap:300 urn:x",
                "a=extmap:1/sideways urn:x", "a=extmap:1", "a=ssrc:-1 cname:x", "a=ssrc:1", "a=ssrc-group:FID",
                "a=ssrc-group:FID 1 x", "a=msid:", "a=msid:a b c", "a=rid:l", "a=rid:l both", "a=simulcast:send",
                "a=fingerprint:sha-256", "a=fingerprint:sha-256 XYZ", "a=fingerprint:sha-256 AB:CD", "a=setup:sometimes", "a=mid:", "a=ice-ufrag:",
                "a=ice-pwd:two words")) {
            SdpParseError error = refusal(withHeader("m=video 9 UDP/TLS/RTP/SAVPF 96", attribute));
            assertEquals(SdpParseError.Reason.BAD_ATTRIBUTE, error.reason(), attribute);
            assertEquals(6, error.line(), attribute);
        }
        assertEquals(SdpParseError.Reason.BAD_ATTRIBUTE, refusal(withHeader("a=group:")).reason());
        assertEquals(SdpParseError.Reason.BAD_ATTRIBUTE, refusal(withHeader("a=fingerprint:sha-1")).reason());
    }

    @Test
    void badBandwidthValueIsRefused() {
        assertEquals(SdpParseError.Reason.BAD_BANDWIDTH, refusal(withHeader("m=video 9 RTP/AVP 96", "b=AS:lots")).reason());
        assertEquals(SdpParseError.Reason.BAD_BANDWIDTH, refusal(withHeader("b=TIAS")).reason());
    }

    @Test
    void repeatedMidIsRefused() {
        SdpParseError error = refusal(withHeader("m=audio 9 RTP/AVP 0", "a=mid:x", "m=video 9 RTP/AVP 96", "a=mid:x"));
        assertEquals(SdpParseError.Reason.DUPLICATE_MID, error.reason());
        assertEquals(8, error.line());
    }

    @Test
    void everyTruncationOfABrowserOfferGivesAResultAndNeverThrows() {
        for (String offer : List.of(BrowserSdp.CHROME_PUBLISH_OFFER, BrowserSdp.FIREFOX_PUBLISH_OFFER)) {
            for (int length = 0; length <= offer.length(); length++) {
                assertNotNull(SdpParser.parse(offer.substring(0, length)));
            }
        }
        // Cut inside an rtpmap: the line that remains is named.
        String offer = BrowserSdp.CHROME_PUBLISH_OFFER;
        SdpParseError cut = refusal(offer.substring(0, offer.indexOf("a=rtpmap:111 opus") + "a=rtpmap:111 op".length()));
        assertEquals(SdpParseError.Reason.BAD_ATTRIBUTE, cut.reason());
        assertEquals(25, cut.line());
    }

    @Test
    void randomCorruptionGivesAResultAndNeverThrows() {
        Random random = new Random(20240611);
        char[] alphabet = "=:/ ;,~*\r\n0123456789abcmvox-".toCharArray();
        for (int round = 0; round < 2000; round++) {
            char[] text = BrowserSdp.CHROME_PUBLISH_OFFER.toCharArray();
            for (int edit = 0; edit < 1 + random.nextInt(8); edit++) {
                text[random.nextInt(text.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            assertNotNull(SdpParser.parse(new String(text)));
        }
    }
}
