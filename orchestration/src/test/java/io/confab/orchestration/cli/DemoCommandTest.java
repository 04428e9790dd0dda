package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.demo.Demo;
import io.confab.orchestration.meetings.MeetingServiceClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ActiveSpeakerChanged;
import io.confab.storage.events.MediaDirection;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code confab demo --json} against the running platform: its contract fields, and that everyone heard everyone. */
@ExtendWith(SharedPlatform.class)
class DemoCommandTest {

    @Test
    void theDemoMeetingReportsWhatEachBotReceived(SharedPlatform.Running running) throws Exception {
        Cli.Result result = Cli.run(Duration.ofSeconds(600), "demo", "--json", "--seconds", "15",
                "--data-dir", running.platform().config().dataDir().toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("espeak-ng"), "progress is shown on stderr: " + result.err());
        JsonNode demo = new ObjectMapper().readTree(result.out());
        assertTrue(demo.path("meetingId").asText().matches("\\d{10,11}"), demo.toString());
        List<String> names = new ArrayList<>();
        demo.path("participants").forEach(p -> names.add(p.path("name").asText()));
        assertEquals(List.of("Alice", "Bob", "Carol"), names);
        for (JsonNode participant : demo.path("participants")) {
            JsonNode received = participant.path("received");
            assertTrue(received.path("audioPackets").asLong() > 200, participant.toString());
            assertTrue(received.path("videoPackets").asLong() > 100, participant.toString());
            assertTrue(received.path("videoFramesDecoded").asLong() > 50, participant.toString());
            List<String> from = new ArrayList<>();
            received.path("fromParticipants").forEach(n -> from.add(n.asText()));
            List<String> others = new ArrayList<>(names);
            others.remove(participant.path("name").asText());
            assertEquals(others, from, participant.toString());
        }
        assertTrue(demo.path("speech").asBoolean(), "espeak-ng is a test package; the bots should speak words");

        // The demo account's metered usage, from Cassandra through data-api: three people for about
        // the meeting's 15 s, all at once.
        JsonNode usage = demo.path("usage").path("totals");
        assertTrue(usage.path("PARTICIPANT_MINUTES").asLong() > 3 * 10_000, demo.path("usage").toString());
        assertTrue(usage.path("MEETING_MINUTES").asLong() > 10_000, demo.path("usage").toString());
        assertEquals(3, usage.path("PEAK_PARTICIPANTS").asLong(), demo.path("usage").toString());

        // The month so far priced from that usage: the shipped price book's free plan includes the
        // demo's minute or so, billed as started minutes; the recording's bytes are priced storage.
        // The summary's next commands sign in as the demo account: its email with the demo's password.
        String email = demo.path("accountEmail").asText();
        JsonNode signedIn = new MeetingServiceClient(HttpClient.newHttpClient(),
                running.platform().web().address()).post("/api/auth/signin",
                Map.of("email", email, "password", Demo.PASSWORD), null);
        assertFalse(signedIn.path("token").asText().isEmpty(), "sign-in as " + email + ": " + signedIn);

        JsonNode invoice = demo.path("invoice");
        assertEquals(demo.path("usage").path("account").asText(), invoice.path("accountId").asText(), "invoice: " + invoice);
        assertEquals(java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString(), invoice.path("month").asText(), "invoice: " + invoice);
        long participantMs = invoice.path("usage").path("PARTICIPANT_MINUTES").asLong();
        assertTrue(participantMs >= usage.path("PARTICIPANT_MINUTES").asLong(), "invoice usage " + invoice.path("usage") + " vs " + usage);
        Map<String, JsonNode> lines = new java.util.HashMap<>();
        invoice.path("lines").forEach(line -> lines.put(line.path("description").asText(), line));
        assertEquals((participantMs + 59_999) / 60_000, lines.get("Participant minutes included").path("quantity").asLong(), "invoice: " + invoice);
        assertTrue(lines.containsKey("Recording storage"), "invoice: " + invoice);
        assertEquals(invoice.path("subtotal").decimalValue().add(invoice.path("tax").decimalValue()), invoice.path("total").decimalValue(),
                "invoice: " + invoice);

        // The demo day exported to the Parquet warehouse, counted back through the SQL views, and
        // every bot's call scored from media.quality.
        JsonNode warehouse = demo.path("warehouse");
        assertTrue(warehouse.path("meetings").asLong() >= 1, "warehouse: " + warehouse);
        assertTrue(warehouse.path("participant_sessions").asLong() >= 3, "warehouse: " + warehouse);
        assertTrue(warehouse.path("meeting_events").asLong() >= 3, "warehouse: " + warehouse);
        assertTrue(warehouse.path("recordings").asLong() >= 1, "warehouse: " + warehouse);
        for (String name : names) {
            double mos = demo.path("quality").path(name).asDouble(-1);
            assertTrue(mos >= 1 && mos <= 4.5, name + "'s mean MOS on loopback: " + demo.path("quality"));
        }

        // The transcript: words heard from the bots, each segment named for one of them, and its files.
        JsonNode transcript = demo.path("transcript");
        assertTrue(transcript.path("segments").size() > 0, "no transcript segments: " + transcript);
        for (JsonNode segment : transcript.path("segments")) {
            assertTrue(names.contains(segment.path("speaker").asText()), "segment from an unknown speaker: " + segment);
            assertTrue(segment.path("end").asDouble() >= segment.path("start").asDouble(), segment.toString());
        }
        assertEquals(3, transcript.path("reference").size(), transcript.path("reference").toString());
        Set<String> formats = new HashSet<>();
        transcript.path("files").forEach(f -> formats.add(f.path("format").asText()));
        assertTrue(formats.containsAll(Set.of("json", "vtt", "srt")), "transcript files: " + transcript.path("files"));

        // The recording's files, by kind, each with a link that serves it.
        JsonNode recording = demo.path("recordings").path(0);
        assertEquals(demo.path("recordingId").asText(), recording.path("id").asText(), demo.toString());
        assertTrue(Math.abs(recording.path("durationSeconds").asDouble() - 15) < 5, recording.toString());
        Set<String> kinds = new HashSet<>();
        recording.path("files").forEach(f -> kinds.add(f.path("kind").asText()));
        assertTrue(kinds.containsAll(Set.of("mp4", "m4a", "poster", "thumbnail", "chat", "timeline", "track")), kinds.toString());
        String mp4 = recording.path("files").findValues("url").stream().map(JsonNode::asText).filter(u -> u.contains("recording.mp4"))
                .findFirst().orElseThrow();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(mp4)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "the MP4's link serves it");
        assertTrue(response.body().length > 10_000, "an MP4 of " + response.body().length + " bytes");

        // The bots spoke in turn: the SFU's dominant speaker followed them into meeting.events, and
        // it sampled everyone's media quality into media.quality.
        String meetingId = demo.path("meetingId").asText();
        String kafka = running.platform().kafka().address();
        Set<String> speakers = new HashSet<>();
        for (Object payload : records(kafka, Topics.MEETING_EVENTS, meetingId,
                bytes -> Codecs.MEETING_EVENTS.deserializer().deserialize(Topics.MEETING_EVENTS, bytes).getPayload())) {
            if (payload instanceof ActiveSpeakerChanged changed) {
                speakers.add(changed.getParticipantId());
            }
        }
        assertTrue(speakers.size() >= 2, "the dominant speaker should move between the speaking bots: " + speakers);
        List<Object> samples = records(kafka, Topics.MEDIA_QUALITY, meetingId,
                bytes -> Codecs.MEDIA_QUALITY.deserializer().deserialize(Topics.MEDIA_QUALITY, bytes));
        assertTrue(samples.stream().anyMatch(s -> s instanceof MediaQualitySample q && q.getDirection() == MediaDirection.UPSTREAM
                && q.getKind() == MediaKind.VIDEO && q.getBitrateKbps() > 50), "no upstream video quality sample: " + samples);
        assertTrue(samples.stream().anyMatch(s -> s instanceof MediaQualitySample q && q.getDirection() == MediaDirection.DOWNSTREAM
                && q.getPackets() > 0), "no downstream quality sample from receiver reports: " + samples);
    }

    private static List<Object> records(String kafka, String topic, String key, java.util.function.Function<byte[], Object> decode) {
        List<Object> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "demo-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && emptyPolls < 4) {
                var batch = consumer.poll(Duration.ofMillis(1000));
                emptyPolls = batch.isEmpty() && !values.isEmpty() ? emptyPolls + 1 : 0;
                batch.forEach(record -> {
                    if (key.equals(record.key())) {
                        values.add(decode.apply(record.value()));
                    }
                });
            }
        }
        return values;
    }
}
