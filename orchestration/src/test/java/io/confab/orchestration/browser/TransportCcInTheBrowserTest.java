package io.confab.orchestration.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.SharedPlatform;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transport-wide congestion control with real Chromium at both ends of the SFU. The publisher's
 * send-side estimator runs on the SFU's transport-cc feedback: its selected candidate pair reports
 * availableOutgoingBitrate, still under the REMB ceiling the SFU sends. The subscriber's transport-cc
 * feedback drives the SFU's own estimator, which probes its way on loopback above the high simulcast
 * layer's bitrate, as {@code /api/sfu/stats} shows.
 */
@ExtendWith(SharedPlatform.class)
public class TransportCcInTheBrowserTest {

    private static final String PASSCODE = "7341";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The web client's low and middle layers are capped at 150 and 500 kbit/s (peer.js SIMULCAST). */
    private static final long MIDDLE_AND_LOW_BPS = 650_000;
    /** The REMB the SFU sends publishers (SfuConfig's default publisher REMB): Chrome takes the lower. */
    private static final long PUBLISHER_REMB_BPS = 3_000_000;
    /** Chromium's send-side estimator starts here (libwebrtc's default start bitrate). */
    private static final long CHROMIUM_START_BPS = 300_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothDirectionsEstimateFromTransportCcFeedback(SharedPlatform.Running running) throws Exception {
        String web = running.platform().web().address();
        String operatorKey = running.operatorKey();
        String email = "twcc-host-" + UUID.randomUUID() + "@example.com";
        BrowserMeetings.signUp(web, email, "Tove");
        try (Browser host = new Browser("twcc-host"); Browser ana = new Browser("twcc-ana")) {
            String meetingId = BrowserMeetings.hostMeeting(host, web, "", email, "Transport-cc test", PASSCODE, false);
            String hostId = BrowserMeetings.selfId(host);
            String anaId = BrowserMeetings.join(ana, web, "", meetingId, "Ana", PASSCODE);
            MediaInTheBrowserTest.awaitReceiving(ana, List.of(hostId));

            // The SFU's answer kept transport-cc, so the publisher's estimator runs on our feedback.
            String answer = (String) host.script("return window.confabSession.peer.publisher.remoteDescription.sdp;");
            assertTrue(answer.contains("transport-wide-cc-extensions-01") && answer.contains(" transport-cc"),
                    "the publish answer should keep transport-cc: " + answer);
            long before = number(stats(web, operatorKey), "transportFeedbackSent");
            double available = awaitAvailableOutgoingBitrate(host);
            // The statistics are a snapshot the media thread publishes every 250 ms: wait for one taken after the estimate rose.
            Eventually.within(Duration.ofSeconds(10)).until("the SFU to keep sending transport-cc feedback",
                    () -> number(stats(web, operatorKey), "transportFeedbackSent") > before);
            assertTrue(available <= PUBLISHER_REMB_BPS * 1.05,
                    "availableOutgoingBitrate " + available + " should stay under the REMB ceiling " + PUBLISHER_REMB_BPS);

            // The SFU's estimate for Ana comes from her transport-cc feedback, lets the allocation give her
            // the high layer (1280 wide, alone on her stage), and stays above what that layer takes.
            MediaInTheBrowserTest.awaitVideo(ana, List.of(hostId), width -> width > 640, "the high layer (width > 640)",
                    () -> "host sends " + MediaInTheBrowserTest.sentVideoLayers(host) + "; the SFU: " + MediaInTheBrowserTest.sfuVideoView(running));
            JsonNode downlink = awaitDownlink(web, operatorKey, anaId, host);
            assertTrue(number(stats(web, operatorKey), "transportFeedbackReceived") > 0);
            // For whoever reads the report: what the estimators settled on this run.
            System.out.println("publisher availableOutgoingBitrate " + available + "; SFU downlink " + downlink);
        }
    }

    /**
     * Waits until the publish connection's selected candidate pair reports an outgoing estimate above
     * Chromium's 300 kbit/s start, which its send-side estimator reaches only on feedback; returns it.
     */
    @SuppressWarnings("unchecked")
    private static double awaitAvailableOutgoingBitrate(Browser browser) throws InterruptedException {
        Object pair = Eventually.within(WAIT).every(Duration.ofMillis(500))
                .until("the publisher's selected candidate pair to report an availableOutgoingBitrate above " + CHROMIUM_START_BPS,
                        () -> browser.asyncScript("const done = arguments[arguments.length - 1];"
                                + "const pc = window.confabSession.peer.publisher;"
                                + "pc.getStats().then((stats) => { let pair = null;"
                                + "  stats.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });"
                                + "  done(pair ? { available: pair.availableOutgoingBitrate ?? -1, state: pair.state } : null); }, () => done(null));"),
                        last -> last instanceof Map<?, ?> p && p.get("available") instanceof Number available
                                && available.doubleValue() > CHROMIUM_START_BPS);
        return ((Number) ((Map<?, ?>) pair).get("available")).doubleValue();
    }

    /** Waits until the downlink estimate comes from transport-cc (or a probe) and exceeds the high layer it carries. */
    private static JsonNode awaitDownlink(String web, String operatorKey, String participantId, Browser publisher) throws Exception {
        try {
            return Eventually.within(WAIT).every(Duration.ofMillis(500)).until(
                    "the SFU's transport-cc estimate for " + participantId + " to exceed the high layer's bitrate",
                    () -> downlinkOf(stats(web, operatorKey), participantId), downlink -> {
                        String source = downlink.path("source").asText();
                        boolean fromTransportCc = source.equals("transport-cc") || source.equals("probe");
                        long allocated = downlink.path("allocatedBps").asLong();
                        // The allocation holds the high layer's measured bitrate (Chrome sends it below its 1.5 Mbit/s cap
                        // when its own estimate is short); more than a low and a middle layer together is the high one.
                        return fromTransportCc && allocated > MIDDLE_AND_LOW_BPS && downlink.path("estimatedBps").asLong() > allocated;
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; publisher's layers: "
                    + publisher.asyncScript("const done = arguments[arguments.length - 1];"
                    + "window.confabSession.peer.publisher.getStats().then((stats) => { const out = [];"
                    + "  stats.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') out.push([s.rid, s.frameWidth,"
                    + "    s.bytesSent, s.qualityLimitationReason, s.active]);"
                    + "    if (s.type === 'candidate-pair' && s.nominated) out.push(['pair', s.availableOutgoingBitrate]); });"
                    + "  done(JSON.stringify(out)); }, () => done('none'));"), e);
        }
    }

    /** This participant's entry in the stats' downlinks, or a missing node while it has none. */
    private static JsonNode downlinkOf(JsonNode stats, String participantId) {
        for (JsonNode downlink : stats.path("downlinks")) {
            if (downlink.path("participantId").asText().equals(participantId)) {
                return downlink;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode stats(String web, String operatorKey) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web + "/api/sfu/stats"))
                        .header("Authorization", "Bearer " + operatorKey).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readTree(body);
    }

    private static long number(JsonNode stats, String field) {
        return stats.path(field).asLong(-1);
    }
}
