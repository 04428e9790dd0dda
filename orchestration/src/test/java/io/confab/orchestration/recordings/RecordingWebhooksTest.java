package io.confab.orchestration.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.confab.orchestration.SharedPlatform;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.s3.S3Layout;
import io.confab.storage.topics.Topics;
import io.confab.testing.Eventually;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Recording webhooks on the running platform: a hook registered through the web origin, a real
 * {@code RecordingArtifact} timeline on the platform's Kafka over rows in its Cassandra, and a
 * receiver on loopback that fails twice: the third try arrives, signed as the README says.
 */
@ExtendWith(SharedPlatform.class)
class RecordingWebhooksTest {

    private RecordingFixtures fixtures;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    private record Received(Instant at, String signature, String eventId, String contentType, String body, int answered) {
    }

    @BeforeEach
    void setUp(SharedPlatform.Running running) throws Exception {
        fixtures = new RecordingFixtures(running);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = requests.incrementAndGet() <= 2 ? 500 : 200;
            received.add(new Received(Instant.now(), exchange.getRequestHeaders().getFirst("Confab-Signature"),
                    exchange.getRequestHeaders().getFirst("Confab-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
        fixtures.close();
    }

    @Test
    void aWebhookEndpointThatFailsTwiceGetsTheThirdTryWithAValidSignature() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("Hooked");
        String meeting = fixtures.meeting(owner);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        RecordingFixtures.Answer badUrl = fixtures.send("POST", "/api/webhooks", Map.of("url", "ftp://example.com/x"), owner.token());
        assertEquals(400, badUrl.status(), badUrl.toString());
        assertTrue(badUrl.body().path("detail").asText().contains("http:// or https://"), badUrl.toString());
        RecordingFixtures.Answer asGuest = fixtures.send("POST", "/api/webhooks", Map.of("url", url), fixtures.guestToken(meeting));
        assertEquals(403, asGuest.status(), asGuest.toString());

        RecordingFixtures.Answer created = fixtures.send("POST", "/api/webhooks",
                Map.of("url", url, "events", List.of("recording.completed")), owner.token());
        assertEquals(201, created.status(), created.toString());
        String hookId = created.body().path("id").asText();
        String secret = created.body().path("secret").asText();
        assertTrue(secret.startsWith("whsec_"), created.toString());
        RecordingFixtures.Answer listed = fixtures.get("/api/webhooks", owner.token());
        assertEquals(List.of(hookId), listed.body().path("webhooks").findValuesAsText("id"), listed.toString());
        assertTrue(listed.body().path("webhooks").get(0).path("secret").isMissingNode(), "the secret is shown once: " + listed);

        // What the mixer leaves: files and rows first, then the timeline artifact, published last.
        RecordingFixtures.Recorded recording = fixtures.record(owner.accountId(), meeting, Instant.now().minusSeconds(60), List.of("Ann"));
        RecordingArtifact timeline = RecordingArtifact.newBuilder().setAccountId(owner.accountId()).setMeetingId(meeting)
                .setRecordingId(recording.recordingId()).setKind(ArtifactKind.TIMELINE)
                .setS3Bucket(fixtures.bucket)
                .setS3Key(S3Layout.recording(owner.accountId(), meeting, recording.recordingId(), "timeline.json"))
                .setSizeBytes(2L).setContentType("application/json").setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixtures.platform.kafka().address()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RECORDING_ARTIFACTS, meeting, Codecs.RECORDING_ARTIFACTS.encode(timeline))).get();
        }

        JsonNode delivery = awaitDelivered(hookId, owner.token(), Duration.ofSeconds(90));
        assertEquals(3, received.size(), "two 500s, then the 200: " + received);
        Received third = received.get(2);
        assertEquals(200, third.answered());
        assertEquals("application/json", third.contentType());
        assertEquals(delivery.path("eventId").asText(), third.eventId());
        assertTrue(Duration.between(received.get(0).at(), received.get(1).at()).toMillis() >= 1500, "back-off: " + received);
        assertTrue(Duration.between(received.get(1).at(), received.get(2).at()).toMillis() >= 3500, "back-off doubles: " + received);

        // The verification a receiver does, written here from the README's recipe.
        Map<String, String> parts = new java.util.HashMap<>();
        for (String part : third.signature().split(",")) {
            parts.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
        }
        long t = Long.parseLong(parts.get("t"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 300, "a fresh timestamp: " + third.signature());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + third.body()).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, parts.get("v1"), "the signature verifies with the hook's secret");

        JsonNode body = RecordingFixtures.JSON.readTree(third.body());
        assertEquals("recording.completed", body.path("type").asText());
        assertEquals(recording.recordingId(), body.path("recordingId").asText());
        assertEquals(meeting, body.path("meetingId").asText());
        assertEquals(owner.accountId(), body.path("accountId").asText());
        assertEquals(3000, body.path("durationMs").asLong());
        assertEquals(List.of("mp4", "m4a", "poster"), body.path("files").findValuesAsText("kind"), third.body());
        assertEquals(recording.mp4Key(), body.path("files").get(0).path("s3Key").asText());
        assertEquals(RecordingFixtures.mp4().length, body.path("files").get(0).path("sizeBytes").asLong());

        assertEquals(3, delivery.path("attempts").asInt(), delivery.toString());
        assertEquals(200, delivery.path("lastStatusCode").asInt(), delivery.toString());
        assertEquals("recording.completed", delivery.path("eventType").asText());

        RecordingFixtures.Answer stranger = fixtures.get("/api/webhooks/" + hookId + "/deliveries", fixtures.signUp("Stranger").token());
        assertEquals(404, stranger.status(), stranger.toString());
        RecordingFixtures.Answer deleted = fixtures.send("DELETE", "/api/webhooks/" + hookId, null, owner.token());
        assertEquals(204, deleted.status(), deleted.toString());
        assertEquals(404, fixtures.get("/api/webhooks/" + hookId + "/deliveries", owner.token()).status());
    }

    private JsonNode awaitDelivered(String hookId, String token, Duration timeout) throws InterruptedException {
        try {
            return Eventually.within(timeout).every(Duration.ofMillis(500)).until("one delivered delivery", () -> {
                RecordingFixtures.Answer answer = fixtures.get("/api/webhooks/" + hookId + "/deliveries", token);
                assertEquals(200, answer.status(), answer.toString());
                JsonNode deliveries = answer.body().path("deliveries");
                return deliveries.size() == 1 ? deliveries.get(0) : deliveries;
            }, delivery -> delivery.path("state").asText().equals("delivered"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the receiver saw " + received, e);
        }
    }
}
