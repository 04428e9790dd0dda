package io.confab.orchestration.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.recordings.RecordingFixtures;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.MediaDirection;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.topics.Topics;
import io.confab.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Call quality on the running platform: samples with known loss, jitter and RTT for two
 * participants produced to the real {@code media.quality}; data-api's listener scores them into
 * Cassandra, and the REST endpoint and {@code confab quality} put the lossy participant first with
 * the lower MOS and its bad intervals.
 */
@ExtendWith(SharedPlatform.class)
class CallQualityTest {

    private static final int INTERVALS = 6;

    private RecordingFixtures fixtures;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        fixtures = new RecordingFixtures(running);
    }

    @AfterEach
    void disconnect() {
        fixtures.close();
    }

    @Test
    void theLossyParticipantHasTheLowerMos() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("Quality");
        String meeting = fixtures.meeting(owner);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5L * INTERVALS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixtures.platform.kafka().address()),
                new StringSerializer(), new ByteArraySerializer())) {
            // A record that does not decode goes to the dead-letter topic; the samples after it still count.
            producer.send(new ProducerRecord<>(Topics.MEDIA_QUALITY, meeting, new byte[] {1, 2, 3}));
            // The lossy participant's join: the usage meter's session row gives the answer its name. The clean one has none.
            producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, Codecs.MEETING_EVENTS.encode(MeetingEvent.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setAccountId(owner.accountId()).setMeetingId(meeting).setOccurredAt(start)
                    .setPayload(ParticipantJoined.newBuilder().setParticipantId("lossy").setUserId("u-lossy").setDisplayName("Lossy Lucy")
                            .setRole(ParticipantRole.PARTICIPANT).setAudioMuted(false).setVideoMuted(false).build()).build())));
            for (int i = 0; i < INTERVALS; i++) {
                Instant at = start.plusSeconds(5L * i);
                send(producer, sample(owner.accountId(), meeting, "clean", MediaKind.AUDIO, at, 0f, 4, 40.0));
                // Lossy from the third interval on: 10 % loss, 25 ms jitter, 120 ms RTT.
                float loss = i < 2 ? 0f : 0.10f;
                send(producer, sample(owner.accountId(), meeting, "lossy", MediaKind.AUDIO, at, loss, i < 2 ? 4 : 25, i < 2 ? 40.0 : 120.0));
                send(producer, sample(owner.accountId(), meeting, "lossy", MediaKind.VIDEO, at, 0.5f, 50, 120.0));
            }
            producer.flush();
        }

        JsonNode answer = Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(500))
                .until("both participants' " + INTERVALS + " intervals in the quality answer", () -> {
                    RecordingFixtures.Answer got = fixtures.get("/api/meetings/" + meeting + "/quality", owner.token());
                    assertEquals(200, got.status(), got.toString());
                    return got.body();
                }, body -> {
                    JsonNode ps = body.path("participants");
                    return ps.size() == 2 && ps.get(0).path("intervals").asInt() == INTERVALS && ps.get(1).path("intervals").asInt() == INTERVALS
                            && ps.get(0).path("displayName").asText("").equals("Lossy Lucy");
                });
        JsonNode participants = answer.path("participants");
        assertEquals(2, participants.size(), answer.toString());
        JsonNode lossy = participants.get(0);
        JsonNode clean = participants.get(1);
        assertEquals("lossy", lossy.path("participantId").asText(), "worst first: " + answer);
        assertEquals("Lossy Lucy", lossy.path("displayName").asText(), "the name from the join: " + answer);
        assertTrue(clean.path("displayName").isNull() || clean.path("displayName").isMissingNode(), "no join, no name: " + answer);
        assertEquals(INTERVALS, lossy.path("intervals").asInt(), "audio only: video samples have no MOS");
        assertTrue(lossy.path("meanMos").asDouble() < clean.path("meanMos").asDouble() - 0.5, answer.toString());
        assertEquals(INTERVALS - 2, lossy.path("badIntervals").asInt(), answer.toString());
        assertEquals(start.plusSeconds(10).toString(), lossy.path("firstBadAt").asText());
        assertEquals(0, clean.path("badIntervals").asInt());
        // Clean: Ta = 20 + 8 + 20 = 48 ms, no loss: R = 93.2, MOS 4.409.
        assertEquals(4.409, clean.path("minMos").asDouble(), 0.001);

        // Another account sees nothing of this meeting.
        RecordingFixtures.Account stranger = fixtures.signUp("Stranger");
        assertEquals(0, fixtures.get("/api/meetings/" + meeting + "/quality", stranger.token()).body().path("participants").size());

        String dataDir = fixtures.platform.config().dataDir().toString();
        Cli.Result cli = Cli.run(Duration.ofSeconds(60), "quality", meeting, "--data-dir", dataDir, "--token", owner.token());
        assertEquals(0, cli.exitCode(), cli.err());
        String[] lines = cli.out().strip().split("\n");
        assertEquals(3, lines.length, cli.out());
        assertTrue(lines[1].startsWith("Lossy Lucy") && lines[1].contains(" lossy ") && lines[1].contains(start.plusSeconds(10).toString()),
                cli.out());
        assertTrue(lines[2].startsWith("- ") && lines[2].contains(" clean ") && lines[2].contains("4.41"), cli.out());
    }

    private static void send(KafkaProducer<String, byte[]> producer, MediaQualitySample sample) {
        producer.send(new ProducerRecord<>(Topics.MEDIA_QUALITY, sample.getMeetingId(), Codecs.MEDIA_QUALITY.encode(sample)));
    }

    private static MediaQualitySample sample(String account, String meeting, String participant, MediaKind kind, Instant start, float loss,
                                             double jitterMs, Double rttMs) {
        return MediaQualitySample.newBuilder().setMeetingId(meeting).setAccountId(account).setParticipantId(participant)
                .setDirection(MediaDirection.DOWNSTREAM).setKind(kind).setIntervalStart(start).setIntervalEnd(start.plusSeconds(5))
                .setPackets(250).setPacketsLost(Math.round(250 * loss)).setFractionLost(loss).setJitterMs(jitterMs).setRttMs(rttMs)
                .setBitrateKbps(kind == MediaKind.AUDIO ? 32 : 800).build();
    }
}
