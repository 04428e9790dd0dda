package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.bot.Bot;
import io.confab.bot.BotMedia;
import io.confab.bot.BotReport;
import io.confab.orchestration.SharedPlatform;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulcast bots through the real SFU, which forwards each receiver the layer its gallery tile asks
 * for (realtime-core's sfu/README.md, "Layer choice"): with three in the meeting every tile is one of two, capped
 * at 360p, so each receiver gets the 640-pixel m layer and the h layer nobody wants is paused at the
 * senders. When one leaves, the two left each fill the stage: the SFU resumes h, switches to it on
 * its key frame, and the receivers' decoders go on at 1280 pixels.
 */
@ExtendWith(SharedPlatform.class)
class SimulcastBotsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void receiversGetTheLayerTheirTileAsksForAndTheHighOneWhenThereIsRoom(SharedPlatform.Running running) throws Exception {
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Sim");
        String meetingId = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        List<String> names = List.of("Ada", "Bo", "Cy");
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        List<Bot> bots = new ArrayList<>();
        List<Future<BotReport>> runs = new ArrayList<>();
        try {
            for (String name : names) {
                Bot bot = new Bot(new Bot.Options(fixtures.webUrl, meetingId, name, null, null, Duration.ofMinutes(3), false),
                        BotMedia.audio(null), BotMedia.video(null));
                bots.add(bot);
                runs.add(pool.submit(bot::run));
            }
            List<String> ids = new ArrayList<>();
            for (Bot bot : bots) {
                ids.add(bot.joined().get(30, TimeUnit.SECONDS));
            }

            // Three in the meeting: m (640 px) to every receiver; the SFU knows each sender's l, m and h,
            // and h, which nobody wants, stops arriving.
            JsonNode three = BotsInAMeetingTest.awaitStats(fixtures, WAIT, "every receiver to get the m layer of both others"
                    + " and no sender's h layer to be arriving", stats -> everyoneForwarded(stats, meetingId, ids, "m")
                    && publications(stats, meetingId).stream().noneMatch(p -> p.path("layers").path(2).path("active").asBoolean()));
            for (JsonNode publication : publications(three, meetingId)) {
                List<String> rids = new ArrayList<>();
                publication.path("layers").forEach(layer -> rids.add(layer.path("rid").asText()));
                assertEquals(List.of("l", "m", "h"), rids, publication.toString());
                for (int low = 0; low < 2; low++) {
                    JsonNode layer = publication.path("layers").path(low);
                    assertTrue(layer.path("active").asBoolean() && !layer.path("ssrc").isNull(),
                            "layer " + layer.path("rid").asText() + " should be arriving on a known SSRC: " + publication);
                }
            }
            awaitBots(bots, "every bot to decode 640-pixel frames of both others, with h paused at every sender",
                    report -> report.bySender().size() == 2
                            && report.bySender().stream().allMatch(s -> s.videoWidth() == 640 && s.videoFramesDecoded() > 30)
                            && report.sent().layers().size() == 3 && !report.sent().layers().get(2).on());

            // Cy leaves: Ada and Bo each fill the stage, and the SFU moves them to h once it is sent again.
            bots.get(2).leave();
            BotReport cy = runs.get(2).get(30, TimeUnit.SECONDS);
            List<Bot> two = bots.subList(0, 2);
            List<String> twoIds = ids.subList(0, 2);
            JsonNode pair = BotsInAMeetingTest.awaitStats(fixtures, WAIT, "Ada and Bo to get each other's h layer",
                    stats -> everyoneForwarded(stats, meetingId, twoIds, "h"));
            for (JsonNode publication : publications(pair, meetingId)) {
                JsonNode high = publication.path("layers").path(2);
                assertTrue(high.path("active").asBoolean() && !high.path("ssrc").isNull() && high.path("height").asInt() == 720,
                        "h should arrive again, 720 pixels high, on a known SSRC: " + publication);
            }
            long[] before = two.stream().mapToLong(bot -> bot.progress().received().videoFramesDecoded()).toArray();
            awaitBots(two, "Ada and Bo to decode 1280-pixel frames of each other",
                    report -> report.bySender().stream().filter(s -> !s.name().equals("Cy"))
                            .allMatch(s -> s.videoWidth() == 1280)
                            && report.received().videoFramesDecoded() > before[report.name().equals("Ada") ? 0 : 1] + 30);
            // While both are in: each one's h was paused (three in the meeting) and is on again.
            for (Bot bot : two) {
                BotReport now = bot.progress();
                BotReport.SentLayer high = now.sent().layers().get(2);
                assertEquals("h", high.rid());
                assertTrue(high.pauses() >= 1 && high.on() && high.keyFrames() >= 1,
                        now.name() + "'s h layer should have been paused, then resumed with a key frame: " + high);
            }
            two.forEach(Bot::leave);
            List<BotReport> stayed = List.of(runs.get(0).get(30, TimeUnit.SECONDS), runs.get(1).get(30, TimeUnit.SECONDS));

            for (BotReport.Sender sender : cy.bySender()) {
                assertEquals(640, sender.videoWidth(), "Cy, one of three, should have kept the m layer: " + cy);
                assertTrue(sender.videoFramesDecoded() > 30, "Cy decoded too little of " + sender.name() + ": " + cy);
            }
            for (BotReport report : stayed) {
                BotReport.Sender other = report.bySender().stream().filter(s -> !s.name().equals("Cy")).findFirst().orElseThrow();
                assertEquals(1280, other.videoWidth(), report.toString());
                assertTrue(other.videoWidths().containsAll(List.of(640, 1280)),
                        report.name() + " should have decoded both the m and the h layer of " + other.name() + ": " + report);
                assertNull(report.ended(), report.toString());
            }
        } finally {
            bots.forEach(Bot::leave);
            pool.shutdownNow();
        }
    }

    /** The video publications of the meeting in the SFU's stats. */
    private static List<JsonNode> publications(JsonNode stats, String meetingId) {
        List<JsonNode> found = new ArrayList<>();
        stats.path("videoLayers").forEach(publication -> {
            if (publication.path("meetingId").asText().equals(meetingId)) {
                found.add(publication);
            }
        });
        return found;
    }

    /** Whether every one of {@code ids} publishes video and gets {@code rid} of every other one's. */
    private static boolean everyoneForwarded(JsonNode stats, String meetingId, List<String> ids, String rid) {
        Map<String, JsonNode> byOwner = new java.util.HashMap<>();
        publications(stats, meetingId).forEach(p -> byOwner.put(p.path("participantId").asText(), p));
        for (String sender : ids) {
            JsonNode publication = byOwner.get(sender);
            if (publication == null) {
                return false;
            }
            for (String receiver : ids) {
                if (!receiver.equals(sender) && !rid.equals(publication.path("forwarded").path(receiver).asText(null))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Polls the bots' reports so far until {@code condition} holds for each; fails naming what was awaited. */
    private static void awaitBots(List<Bot> bots, String what, Predicate<BotReport> condition) throws InterruptedException {
        Eventually.within(WAIT).every(Duration.ofMillis(200))
                .until(what, () -> bots.stream().map(Bot::progress).toList(), reports -> reports.stream().allMatch(condition));
    }
}
