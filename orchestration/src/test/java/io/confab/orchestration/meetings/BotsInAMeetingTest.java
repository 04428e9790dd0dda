package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.bot.Bot;
import io.confab.bot.BotMedia;
import io.confab.bot.BotReport;
import io.confab.bot.source.SyntheticAudio;
import io.confab.bot.source.SyntheticVideo;
import io.confab.orchestration.SharedPlatform;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.topics.Topics;
import io.confab.testing.Eventually;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java bots through the real SFU: the same ICE, DTLS and SRTP code in the client role, real Opus
 * and VP8 from FFmpeg in three simulcast layers. Three bots each receive and decode both others with
 * under 1% loss (which layers they get is {@link SimulcastBotsTest}'s subject); a
 * recorded meeting's packets reach media.packets in the real Kafka under the right participants,
 * and when Kafka stops, forwarding goes on while the tap counts its drops.
 */
@ExtendWith(SharedPlatform.class)
class BotsInAMeetingTest {

    @Test
    void threeBotsReceiveAndDecodeEachOtherWithUnderOnePercentLoss(SharedPlatform.Running running) throws Exception {
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Bea");
        String meetingId = fixtures.instantMeeting(host, "1234", MeetingFixtures.open());
        List<String> names = List.of("Ada", "Bo", "Cy");
        List<BotReport> reports = runBots(fixtures.webUrl, meetingId, "1234", names, null, Duration.ofSeconds(15), false);
        for (BotReport report : reports) {
            List<String> others = names.stream().filter(n -> !n.equals(report.name())).toList();
            assertEquals(others, report.received().fromParticipants(), report.toString());
            assertEquals(2, report.bySender().size(), report.toString());
            assertEquals(List.of("l", "m", "h"), report.sent().layers().stream().map(BotReport.SentLayer::rid).toList(),
                    "bots send three simulcast layers by default: " + report);
            for (BotReport.Sender sender : report.bySender()) {
                assertTrue(sender.audioPackets() > 300, report.name() + " got too little audio from " + sender.name() + ": " + report);
                assertTrue(sender.videoPackets() > 150, report.name() + " got too little video from " + sender.name() + ": " + report);
                assertTrue(sender.videoFramesDecoded() > 100, report.name() + " decoded too few frames of " + sender.name() + ": " + report);
                assertTrue(sender.loss() < 0.01, report.name() + " lost " + sender.loss() * 100 + "% from " + sender.name());
            }
        }
    }

    @Test
    void aRecordedMeetingIsTappedIntoKafkaAndForwardingOutlivesKafka(SharedPlatform.Running running) throws Exception {
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Rhea");
        String meetingId = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<BotReport> hostBot = pool.submit(() -> synthetic(fixtures.webUrl, meetingId, "Rhea", host.token()).run());
            Future<BotReport> guestBot = pool.submit(() -> synthetic(fixtures.webUrl, meetingId, "Gus", null).run());
            awaitForwarding(fixtures, 1_000);
            ApiClient.Answer started = fixtures.api.post("/api/meetings/" + meetingId + "/recording/start", Map.of(), host.token());
            assertEquals(200, started.status(), started.toString());

            List<MediaPacket> tapped = tappedPackets(fixtures.kafka, meetingId);
            Set<String> senders = new HashSet<>();
            Set<MediaKind> kinds = new HashSet<>();
            for (MediaPacket packet : tapped) {
                senders.add(packet.getParticipantId().toString());
                kinds.add(packet.getKind());
                assertEquals(host.accountId(), packet.getAccountId().toString());
                assertTrue(packet.getTrackId().length() > 0);
                if (packet.getKind() == MediaKind.AUDIO) {
                    assertEquals("opus", packet.getCodec().toString());
                    assertEquals(48_000, packet.getClockRate());
                    assertTrue(packet.getAudioLevel() != null, "audio level missing from the tap");
                } else {
                    assertEquals("VP8", packet.getCodec().toString());
                    assertEquals(90_000, packet.getClockRate());
                }
            }
            assertEquals(2, senders.size(), "packets from both participants: " + senders);
            assertEquals(Set.of(MediaKind.AUDIO, MediaKind.VIDEO), kinds);

            // Kafka goes away mid-recording: packets keep flowing between the bots, the tap counts what it loses.
            JsonNode before = stats(fixtures);
            running.platform().kafka().stop();
            try {
                long droppedBefore = dropped(before);
                awaitStats(fixtures, Duration.ofSeconds(30), "forwarding to go on and the tap's drop counter to rise without Kafka",
                        after -> after.path("forwardedPackets").asLong() > before.path("forwardedPackets").asLong() + 500
                                && dropped(after) > droppedBefore);
            } finally {
                running.platform().kafka().start(Duration.ofSeconds(90));
            }
            assertTrue(hostBot.get().received().videoPackets() > 0 && guestBot.get().received().videoPackets() > 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKickedParticipantsMediaStopsAtOnce(SharedPlatform.Running running) throws Exception {
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Kai");
        String meetingId = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        SignalingClient hostClient = fixtures.join(meetingId, "Kai", fixtures.ticket(meetingId, "Kai", null, host.token()), null, "joined");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Bot stays = synthetic(fixtures.webUrl, meetingId, "Stella", null); Bot goes = synthetic(fixtures.webUrl, meetingId, "Gil", null)) {
            Future<BotReport> staying = pool.submit(stays::run);
            Future<BotReport> going = pool.submit(goes::run);
            String goneId = goes.joined().get(30, java.util.concurrent.TimeUnit.SECONDS);
            stays.joined().get(30, java.util.concurrent.TimeUnit.SECONDS);
            awaitForwarding(fixtures, 1_000);
            JsonNode before = stats(fixtures);
            hostClient.send(hostClient.message("kick_participant").put("participantId", goneId).put("reason", "test"));
            BotReport kicked = going.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(String.valueOf(kicked.ended()).startsWith("kicked"), kicked.toString());
            JsonNode after = awaitStats(fixtures, Duration.ofSeconds(10), "the kicked participant's two transports to be torn down",
                    now -> now.path("transportsClosed").asLong() >= before.path("transportsClosed").asLong() + 2);
            // Stella is alone with a host who receives nothing: nothing may be forwarded any more, and
            // Gil's packets, if any still come, reach no one.
            long forwarded = after.path("forwardedPackets").asLong();
            Thread.sleep(2_000);
            assertEquals(forwarded, stats(fixtures).path("forwardedPackets").asLong(), "media still forwarded after the kick");
            BotReport stayed = staying.get(60, java.util.concurrent.TimeUnit.SECONDS);
            BotReport.Sender fromGil = stayed.bySender().stream().filter(x -> x.name().equals("Gil")).findFirst().orElseThrow();
            assertTrue(fromGil.videoPackets() > 0, stayed.toString());
        } finally {
            pool.shutdownNow();
            hostClient.close();
        }
    }

    private static Bot synthetic(String web, String meetingId, String name, String bearer) {
        return new Bot(new Bot.Options(web, meetingId, name, null, bearer, Duration.ofSeconds(25), true),
                new SyntheticAudio(30), new SyntheticVideo(600_000, 640, 360));
    }

    static List<BotReport> runBots(String web, String meetingId, String passcode, List<String> names, String bearer,
                                   Duration duration, boolean synthetic) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            List<Future<BotReport>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> {
                    try (Bot bot = synthetic
                            ? new Bot(new Bot.Options(web, meetingId, name, passcode, bearer, duration, true),
                                    new SyntheticAudio(30), new SyntheticVideo(600_000, 640, 360))
                            : new Bot(new Bot.Options(web, meetingId, name, passcode, bearer, duration, false),
                                    BotMedia.audio(null), BotMedia.video(null))) {
                        return bot.run();
                    }
                }));
                Thread.sleep(300);
            }
            List<BotReport> reports = new ArrayList<>();
            for (Future<BotReport> future : futures) {
                reports.add(future.get());
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode stats(MeetingFixtures fixtures) {
        return fixtures.api.get("/api/sfu/stats", fixtures.operatorKey).body();
    }

    private static long dropped(JsonNode stats) {
        return stats.path("tapDroppedQueueFull").asLong() + stats.path("tapDroppedByKafka").asLong();
    }

    /** Polls the SFU's counters until {@code condition} holds; fails naming what was awaited and the last counters. */
    static JsonNode awaitStats(MeetingFixtures fixtures, Duration timeout, String what,
                               java.util.function.Predicate<JsonNode> condition) throws InterruptedException {
        return Eventually.within(timeout).every(Duration.ofMillis(200)).until(what, () -> stats(fixtures), condition);
    }

    static void awaitForwarding(MeetingFixtures fixtures, long packets) throws InterruptedException {
        long start = stats(fixtures).path("forwardedPackets").asLong();
        awaitStats(fixtures, Duration.ofSeconds(30), "the SFU to forward " + packets + " packets",
                stats -> stats.path("forwardedPackets").asLong() - start >= packets);
    }

    /** Packets of the meeting from media.packets until both kinds from two senders arrived (or 30 s). */
    private static List<MediaPacket> tappedPackets(String kafka, String meetingId) throws InterruptedException {
        List<MediaPacket> packets = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "tap-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.MEDIA_PACKETS));
            // The caller checks what came; an incomplete tap fails there with the packets it did get.
            Eventually.within(Duration.ofSeconds(30)).every(Duration.ZERO).holds(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (meetingId.equals(record.key())) {
                        packets.add(Codecs.MEDIA_PACKETS.deserializer().deserialize(record.topic(), record.value()));
                    }
                });
                Set<String> senders = new HashSet<>();
                Set<MediaKind> kinds = new HashSet<>();
                packets.forEach(p -> {
                    senders.add(p.getParticipantId().toString());
                    kinds.add(p.getKind());
                });
                return senders.size() >= 2 && kinds.size() == 2 && packets.size() > 200;
            });
        }
        assertTrue(!packets.isEmpty(), "no packets of meeting " + meetingId + " in " + Topics.MEDIA_PACKETS);
        return packets;
    }
}
