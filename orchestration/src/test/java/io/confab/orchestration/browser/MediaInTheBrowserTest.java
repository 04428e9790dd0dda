package io.confab.orchestration.browser;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SFU with real WebRTC stacks: three headless Chromiums with fake camera and microphone meet
 * through the SFU. Each decodes video and hears audio from both others; a receiver capped at a low
 * bitrate gets the low simulcast layer and moves up when the cap lifts; a host mute stops that
 * participant's audio at the others; after one leaves, the other two keep receiving each other.
 * Everything is read from the browsers' own getStats().
 */
@ExtendWith(SharedPlatform.class)
public class MediaInTheBrowserTest {

    private static final String PASSCODE = "5150";
    private static final Duration MEDIA_WAIT = Duration.ofSeconds(60);

    @Test
    void threeChromiumsExchangeAudioAndSimulcastVideoThroughTheSfu(SharedPlatform.Running running) throws Exception {
        String web = running.platform().web().address();
        String email = "media-host-" + UUID.randomUUID() + "@example.com";
        BrowserMeetings.signUp(web, email, "Hedda");
        long forwardedBefore = forwardedPackets(running);
        long anaHeardFromHost;
        try (Browser host = new Browser("media-host"); Browser ana = new Browser("media-ana"); Browser ben = new Browser("media-ben")) {
            String meetingId = BrowserMeetings.hostMeeting(host, web, "", email, "Media test", PASSCODE, false);
            String hostId = BrowserMeetings.selfId(host);
            String anaId = BrowserMeetings.join(ana, web, "", meetingId, "Ana", PASSCODE);
            String benId = BrowserMeetings.join(ben, web, "", meetingId, "Ben", PASSCODE);

            // Everyone decodes video and hears audio from both others, and it keeps flowing.
            awaitReceiving(host, List.of(anaId, benId));
            awaitReceiving(ana, List.of(hostId, benId));
            awaitReceiving(ben, List.of(hostId, anaId));

            // A capped receiver gets the low layer (320x180 of a 720p camera), and more once the cap lifts.
            // When it does not, the failure says why: what each sender's browser encodes, and the SFU's layers and downlinks.
            Supplier<String> why = () -> "host sends " + sentVideoLayers(host) + "; Ben sends " + sentVideoLayers(ben)
                    + "; the SFU: " + sfuVideoView(running);
            ana.script("window.confabMaxKbps = 300; window.confabSession.sendVideoPreference();");
            awaitVideo(ana, List.of(hostId, benId), width -> width > 0 && width <= 320, "the low layer (width <= 320) under a 300 kbit/s cap", why);
            ana.script("window.confabMaxKbps = null; window.confabSession.sendVideoPreference();");
            awaitHigherLayer(ana, Map.of(hostId, host, benId, ben), why);

            // The host mutes Ben: the SFU stops forwarding his audio, whatever his browser sends.
            host.click("#participants li.participant[data-participant-id='" + benId + "'] .mute-participant");
            ana.find("#participants li.participant.muted-audio[data-participant-id='" + benId + "']");
            long before = awaitAudioStopped(ana, benId);
            Thread.sleep(3000); // an absence is checked over a window: nothing more may arrive in it
            assertEquals(before, audioPackets(ana, benId), "Ben's audio still reaches Ana after the host muted him");
            assertTrue(rising(ana, hostId, "audio"), "the host's audio stopped at Ana too");

            // Ben leaves; the host and Ana keep receiving each other.
            ben.click("#leave");
            ben.find("#left-meeting");
            awaitReceiving(host, List.of(anaId));
            awaitReceiving(ana, List.of(hostId));

            // What arrived is media, by the browsers' own counters: Ana got no more of the host's audio than
            // the host sent (the SFU forwards, it does not make packets up), each decoded frame came in at least
            // one packet, and video packets carry more than the host's 20 ms Opus frames.
            Map<String, Object> audio = find(stats(ana), hostId, "audio");
            Map<String, Object> video = find(stats(ana), hostId, "video");
            anaHeardFromHost = number(audio, "packetsReceived");
            long hostSent = sentAudioPackets(host);
            assertTrue(anaHeardFromHost > 0 && anaHeardFromHost <= hostSent,
                    "Ana received " + anaHeardFromHost + " of the host's audio packets; the host sent " + hostSent);
            long videoPackets = number(video, "packetsReceived");
            long frames = number(video, "framesDecoded");
            assertTrue(frames > 0 && frames <= videoPackets, frames + " frames decoded from " + videoPackets + " packets: " + video);
            double audioBytesPerPacket = value(audio, "bytesReceived") / anaHeardFromHost;
            double videoBytesPerPacket = value(video, "bytesReceived") / videoPackets;
            assertTrue(audioBytesPerPacket > 0 && videoBytesPerPacket > audioBytesPerPacket,
                    "bytes per packet: video " + videoBytesPerPacket + ", audio " + audioBytesPerPacket + "; " + audio + "; " + video);
        }
        // Every packet a browser received came through the SFU, so its counter grew at least as much.
        long forwarded = forwardedPackets(running) - forwardedBefore;
        assertTrue(forwarded >= anaHeardFromHost,
                "the SFU counted " + forwarded + " forwarded packets, fewer than the " + anaHeardFromHost + " Ana received from the host alone");
    }

    /** The audio packets this browser's publish connection sent, from its outbound-rtp statistics. */
    private static long sentAudioPackets(Browser browser) {
        Object sent = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "window.confabSession.peer.publisher.getStats().then((stats) => { let sent = -1;"
                + "  stats.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'audio') sent = s.packetsSent; });"
                + "  done(sent); }, () => done(-1));");
        return sent instanceof Number n ? n.longValue() : -1;
    }

    /** Each simulcast layer this browser encodes, from its outbound-rtp statistics: rid, width, frames, and what limits it. */
    static Object sentVideoLayers(Browser browser) {
        return browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "window.confabSession.peer.publisher.getStats().then((stats) => { const layers = [];"
                + "  stats.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') layers.push({ rid: s.rid,"
                + "    frameWidth: s.frameWidth, framesEncoded: s.framesEncoded, bytesSent: s.bytesSent, active: s.active,"
                + "    qualityLimitationReason: s.qualityLimitationReason, targetBitrate: s.targetBitrate }); });"
                + "  done(layers); }, (e) => done(String(e)));");
    }

    /** The SFU's video layers and downlink estimates, as its operator statistics give them. */
    static String sfuVideoView(SharedPlatform.Running running) {
        try {
            com.fasterxml.jackson.databind.JsonNode stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sfuStats(running));
            return "videoLayers " + stats.get("videoLayers") + ", downlinks " + stats.get("downlinks");
        } catch (Exception e) {
            return "unreadable (" + e + ")";
        }
    }

    private static String sfuStats(SharedPlatform.Running running) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(running.platform().web().address() + "/api/sfu/stats"))
                        .header("Authorization", "Bearer " + running.operatorKey()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long forwardedPackets(SharedPlatform.Running running) throws Exception {
        String body = sfuStats(running);
        com.fasterxml.jackson.databind.JsonNode forwarded = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("forwardedPackets");
        assertTrue(forwarded != null && forwarded.isIntegralNumber(), "no forwardedPackets number in " + body);
        return forwarded.asLong();
    }

    /** Waits until video frames decode and audio energy rises from each of {@code senders}. */
    public static void awaitReceiving(Browser browser, List<String> senders) throws InterruptedException {
        // No pause between looks: each look already watches the counters for a second per sender and kind.
        if (!Eventually.within(MEDIA_WAIT).every(Duration.ZERO).holds(() -> {
            boolean all = true;
            for (String sender : senders) {
                all &= rising(browser, sender, "video") && rising(browser, sender, "audio");
            }
            return all;
        })) {
            throw new AssertionError("media from " + senders + " did not arrive within " + MEDIA_WAIT.toSeconds() + " s; last stats: " + stats(browser));
        }
    }

    /** Waits until every sender whose video still decodes at this receiver shows a width that {@code wanted} accepts. */
    static void awaitVideo(Browser browser, List<String> senders, Predicate<Long> wanted, String what) throws InterruptedException {
        awaitVideo(browser, senders, wanted, what, () -> "");
    }

    static void awaitVideo(Browser browser, List<String> senders, Predicate<Long> wanted, String what, Supplier<String> why)
            throws InterruptedException {
        if (!Eventually.within(MEDIA_WAIT).every(Duration.ZERO).holds(() -> {
            int decoding = 0;
            int matching = 0;
            for (String sender : senders) {
                if (rising(browser, sender, "video")) {
                    decoding++;
                    if (wanted.test(number(find(stats(browser), sender, "video"), "frameWidth"))) {
                        matching++;
                    }
                }
            }
            return decoding > 0 && matching == decoding;
        })) {
            throw new AssertionError("no " + what + " within " + MEDIA_WAIT.toSeconds() + " s; last stats: " + stats(browser) + "; " + why.get());
        }
    }

    /**
     * Waits until the receiver decodes from each sender a layer wider than the low one (320): the
     * middle (640) or top one. A sender's own browser may encode nothing that wide for a while (Chrome
     * scales every simulcast layer down when its encoder runs short of CPU, as three Chromiums on two
     * loaded cores can): then the widest layer it does encode is the one to reach. Given twice the
     * media wait, as the downlink estimate climbs back by probing after the cap.
     */
    static void awaitHigherLayer(Browser receiver, Map<String, Browser> senders, Supplier<String> why) throws InterruptedException {
        if (!Eventually.within(MEDIA_WAIT.multipliedBy(2)).every(Duration.ZERO).holds(() -> {
            for (Map.Entry<String, Browser> sender : senders.entrySet()) {
                if (!rising(receiver, sender.getKey(), "video")) {
                    return false;
                }
                long width = number(find(stats(receiver), sender.getKey(), "video"), "frameWidth");
                long widestSent = widestSentWidth(sender.getValue());
                if (!(width > 320 || (widestSent > 0 && widestSent <= 320 && width >= widestSent))) {
                    return false;
                }
            }
            return true;
        })) {
            throw new AssertionError("no higher layer (width > 320, or the widest a sender encodes) after the cap lifted within "
                    + MEDIA_WAIT.multipliedBy(2).toSeconds() + " s; last stats: " + stats(receiver) + "; " + why.get());
        }
    }

    /** The widest frame among the simulcast layers this browser encodes and has not paused, or -1. */
    static long widestSentWidth(Browser browser) {
        long widest = -1;
        if (sentVideoLayers(browser) instanceof List<?> layers) {
            for (Object layer : layers) {
                if (layer instanceof Map<?, ?> sent && !Boolean.FALSE.equals(sent.get("active"))
                        && sent.get("frameWidth") instanceof Number width) {
                    widest = Math.max(widest, width.longValue());
                }
            }
        }
        return widest;
    }

    /** Whether the sender's track of this kind progresses over one second: frames for video, energy for audio. */
    static boolean rising(Browser browser, String sender, String kind) throws InterruptedException {
        String field = kind.equals("video") ? "framesDecoded" : "totalAudioEnergy";
        double before = value(find(stats(browser), sender, kind), field);
        Thread.sleep(1000);
        double after = value(find(stats(browser), sender, kind), field);
        return after > before && before >= 0;
    }

    /** Waits until no audio from {@code sender} arrived for a second (packets in flight drained); returns the count. */
    static long awaitAudioStopped(Browser browser, String sender) throws InterruptedException {
        AtomicLong stoppedAt = new AtomicLong();
        if (!Eventually.within(MEDIA_WAIT).every(Duration.ZERO).holds(() -> {
            long before = audioPackets(browser, sender);
            Thread.sleep(1000);
            stoppedAt.set(audioPackets(browser, sender));
            return stoppedAt.get() == before;
        })) {
            throw new AssertionError(sender + "'s audio kept arriving for " + MEDIA_WAIT.toSeconds() + " s after the mute");
        }
        return stoppedAt.get();
    }

    static long audioPackets(Browser browser, String sender) {
        return number(find(stats(browser), sender, "audio"), "packetsReceived");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> stats(Browser browser) {
        Object result = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "window.confabSession.peer.receiveStats().then(done, () => done([]));");
        return result == null ? List.of() : (List<Map<String, Object>>) result;
    }

    static Map<String, Object> find(List<Map<String, Object>> stats, String sender, String kind) {
        return stats.stream().filter(s -> sender.equals(s.get("participantId")) && kind.equals(s.get("kind")))
                .findFirst().orElse(Map.of());
    }

    static double value(Map<String, Object> entry, String field) {
        Object value = entry.get(field);
        return value instanceof Number n ? n.doubleValue() : -1;
    }

    static long number(Map<String, Object> entry, String field) {
        Object value = entry.get(field);
        return value instanceof Number n ? n.longValue() : -1;
    }
}
