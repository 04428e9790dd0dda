package io.confab.bot.sdp;

import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.sfu.ice.IceCredentials;
import io.confab.core.sfu.sdp.CodecSupport;
import io.confab.core.sfu.sdp.HeaderExtensionUri;
import io.confab.core.sfu.sdp.HostCandidate;
import io.confab.core.sfu.sdp.LocalTransport;
import io.confab.core.sfu.sdp.NegotiatedMedia;
import io.confab.core.sfu.sdp.PublishAnswer;
import io.confab.core.sfu.sdp.PublishAnswerResult;
import io.confab.core.sfu.sdp.PublishAnswerer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bot's publish offer as Chrome writes it, and as the SFU's own answerer takes it. */
class BotOfferTest {

    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate("bot-offer-test");
    private static final IceCredentials ICE = IceCredentials.random();

    private static BotOffer simulcast() {
        return new BotOffer(42, ICE, CERTIFICATE.fingerprint(), "p-ada", 1111, List.of(
                new BotOffer.VideoStream("l", 21, 31), new BotOffer.VideoStream("m", 22, 32),
                new BotOffer.VideoStream("h", 23, 33)), "bot-p-ada");
    }

    private static List<String> videoSection(String sdp) {
        List<String> lines = Arrays.asList(sdp.split("\r\n"));
        int video = lines.indexOf(lines.stream().filter(l -> l.startsWith("m=video")).findFirst().orElseThrow());
        return lines.subList(video, lines.size());
    }

    @Test
    void aSimulcastOfferNamesThreeRidsAndTheirExtensionsAndNoVideoSsrcs() {
        List<String> video = videoSection(simulcast().sdp());
        assertTrue(video.containsAll(List.of("a=rid:l send", "a=rid:m send", "a=rid:h send", "a=simulcast:send l;m;h",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
                "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96")), String.join("\n", video));
        assertFalse(video.stream().anyMatch(l -> l.startsWith("a=ssrc")),
                "Chrome declares no SSRCs for rid simulcast: " + String.join("\n", video));
    }

    @Test
    void oneStreamDeclaresItsSsrcsAndRtxPairAndNoRids() {
        BotOffer offer = new BotOffer(42, ICE, CERTIFICATE.fingerprint(), "p-bo", 1111, 21, 31, "bot-p-bo");
        List<String> video = videoSection(offer.sdp());
        assertTrue(video.contains("a=ssrc-group:FID 21 31"), String.join("\n", video));
        assertFalse(video.stream().anyMatch(l -> l.startsWith("a=rid") || l.startsWith("a=simulcast")
                || l.contains("rtp-stream-id")), String.join("\n", video));
    }

    @Test
    void theSfusAnswererReceivesTheThreeLayersWithTheirRidExtensions() {
        LocalTransport sfu = new LocalTransport("sfuA1b2C", "Zx8Qw2Er4Ty6Ui8Op0As2D", CERTIFICATE.fingerprint(),
                List.of(HostCandidate.udp("127.0.0.1", 50000)));
        PublishAnswerResult result = new PublishAnswerer(sfu, CodecSupport.OPUS_VP8, 7).answer(simulcast().sdp());
        PublishAnswer answer = assertInstanceOf(PublishAnswer.class, result, String.valueOf(result));
        NegotiatedMedia video = answer.negotiated().media().stream()
                .filter(m -> m.kind() == io.confab.core.sfu.sdp.MediaKind.VIDEO).findFirst().orElseThrow();
        assertEquals(List.of("l", "m", "h"), video.rids());
        assertEquals(10, video.extensionIds().get(HeaderExtensionUri.RTP_STREAM_ID));
        assertEquals(11, video.extensionIds().get(HeaderExtensionUri.REPAIRED_RTP_STREAM_ID));
        assertEquals(4, video.extensionIds().get(HeaderExtensionUri.MID));
        assertTrue(answer.sdp().contains("a=simulcast:recv l;m;h\r\n"), answer.sdp());
        assertTrue(answer.sdp().contains("a=rid:h recv\r\n"), answer.sdp());
    }

    @Test
    void simulcastStreamsWithoutRidsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BotOffer(1, ICE, CERTIFICATE.fingerprint(), "p", 1,
                List.of(new BotOffer.VideoStream("", 2, 3), new BotOffer.VideoStream("h", 4, 5)), "c"));
    }
}
