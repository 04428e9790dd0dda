package io.confab.orchestration.billing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.CassandraNode;
import io.confab.orchestration.platform.Platform;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code confab billing} against the shared real platform: a month of events produced to Kafka
 * (duplicates, a reconnect, a missing leave closed by the meeting's end, a meeting over midnight, a
 * recording and its transcript, a mid-month plan change), {@code billing run}, the invoices read back
 * from S3 equal to hand-computed ones and to those of {@code billing run --runner flink} on the platform's Flink cluster, and {@code billing reconcile} against Cassandra rows that agree,
 * then against one altered row.
 */
@ExtendWith(SharedPlatform.class)
class BillingTest {

    /** A month no other test writes: October 2026 (the platform's clock is later). */
    private static final String MONTH = "2026-10";
    private static final String A = "bill-acct-a";
    private static final String B = "bill-acct-b";

    private static final String PRICES = """
            currency: EUR
            tax-rate: 0.25
            default-plan: basic
            plans:
              basic:
                included-participant-minutes: 60
                participant-minute-tiers:
                  - up-to: 100
                    rate: 0.01
                  - rate: 0.005
                recording-storage-per-gb-month: 0.10
                transcription-per-minute: 0.02
              pro:
                monthly-fee: 31.00
                participant-minute-tiers:
                  - rate: 0.002
                recording-storage-per-gb-month: 0.05
                transcription-per-minute: 0.01
            accounts:
              bill-acct-b:
                - plan: basic
                  from: 2026-01-01
                - plan: pro
                  from: 2026-10-16
            """;

    /** Decimals exactly as written: 0.00 stays 0.00. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    @Test
    void billsAMonthFromKafkaIntoS3AndReconcilesWithCassandra(SharedPlatform.Running running) throws Exception {
        Platform platform = running.platform();
        String dataDir = platform.config().dataDir().toString();
        produceMonth(platform.kafka().address());
        Path prices = Files.createTempFile(Path.of("target"), "prices", ".yaml");
        Files.writeString(prices, PRICES);

        Cli.Result run = Cli.run(Duration.ofMinutes(8), "billing", "run", "--month", MONTH, "--prices", prices.toString(), "--data-dir", dataDir);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("records metered"), "progress is shown: " + run.err());

        Cli.Result report = Cli.run(Duration.ofMinutes(2), "billing", "report", "--month", MONTH, "--json", "--data-dir", dataDir);
        assertEquals(0, report.exitCode(), report.out() + report.err());
        Map<String, JsonNode> invoices = new LinkedHashMap<>();
        for (JsonNode invoice : JSON.readTree(report.out())) {
            invoices.put(invoice.get("accountId").asText(), invoice);
        }
        // A: basic all month. 60 + 15 + 14 = 89 participant minutes, 60 included, 29 x 0.01 = 0.29;
        // 90 s of transcript = 2 minutes x 0.02 = 0.04; 3.1 GB created on the 22nd, kept 10 of 31 days
        // = 1 GB-month x 0.10 = 0.10. Subtotal 0.43, tax 0.1075 -> 0.11, total 0.54.
        assertEquals(List.of(
                "Participant minutes included|basic|60|0|0.00",
                "Participant minutes 1-100|basic|29|0.01|0.29",
                "Transcription|basic|2|0.02|0.04",
                "Recording storage|basic|1|0.10|0.10"), lines(invoices.get(A)));
        assertEquals("0.54", invoices.get(A).get("total").asText());
        // B: basic Oct 1-15 (15/31: 29 included, tier bound 48): 30 minutes on the 15th, 29 included, 1 x 0.01;
        // pro Oct 16-31: fee 31.00 x 16/31 = 16.00, 30 minutes x 0.002 = 0.06. Subtotal 16.07, tax 4.0175 -> 4.02.
        assertEquals(List.of(
                "Participant minutes included|basic|29|0|0.00",
                "Participant minutes 1-48|basic|1|0.01|0.01",
                "Plan pro, 16 of 31 days|pro|0.516129032258|31.00|16.00",
                "Participant minutes|pro|30|0.002|0.06"), lines(invoices.get(B)));
        assertEquals("20.09", invoices.get(B).get("total").asText());

        // The same month on the platform's Flink session cluster through Beam's Flink runner: the same invoices.
        Cli.Result onFlink = Cli.run(Duration.ofMinutes(8), "billing", "run", "--month", MONTH, "--prices", prices.toString(),
                "--runner", "flink", "--data-dir", dataDir);
        assertEquals(0, onFlink.exitCode(), onFlink.out() + onFlink.err());
        assertTrue(onFlink.err().contains("Flink session cluster"), "progress is shown: " + onFlink.err());
        Cli.Result flinkReport = Cli.run(Duration.ofMinutes(2), "billing", "report", "--month", MONTH, "--json", "--data-dir", dataDir);
        assertEquals(0, flinkReport.exitCode(), flinkReport.out() + flinkReport.err());
        assertEquals(JSON.readTree(report.out()), JSON.readTree(flinkReport.out()), "the Flink runner's invoices");

        Cli.Result one = Cli.run(Duration.ofMinutes(2), "billing", "report", "--month", MONTH, "--account", B, "--data-dir", dataDir);
        assertEquals(0, one.exitCode(), one.err());
        assertTrue(one.out().contains("20.09") && !one.out().contains(A), one.out());

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put(A + "|2026-10-22|PARTICIPANT_MINUTES", 5_340_000L);
        expected.put(A + "|2026-10-22|MEETING_MINUTES", 3_600_000L);
        expected.put(A + "|2026-10-22|PEAK_PARTICIPANTS", 2L);
        expected.put(A + "|2026-10-22|RECORDING_MINUTES", 3_600_000L);
        expected.put(A + "|2026-10-22|STORAGE_BYTES", 3_100_000_000L);
        expected.put(A + "|2026-10-22|TRANSCRIPTION_MINUTES", 90_000L);
        for (String day : List.of("2026-10-15", "2026-10-16")) {
            expected.put(B + "|" + day + "|PARTICIPANT_MINUTES", 1_800_000L);
            expected.put(B + "|" + day + "|MEETING_MINUTES", 1_800_000L);
            expected.put(B + "|" + day + "|PEAK_PARTICIPANTS", 1L);
        }
        try (CqlSession session = CassandraNode.session(platform.cassandra().address(), platform.cassandra().datacenter(), Duration.ofSeconds(30))) {
            expected.forEach((key, quantity) -> writeStreamingRow(session, key, quantity));
            Cli.Result agrees = Cli.run(Duration.ofMinutes(2), "billing", "reconcile", "--month", MONTH, "--data-dir", dataDir);
            assertEquals(0, agrees.exitCode(), agrees.out() + agrees.err());

            writeStreamingRow(session, B + "|2026-10-16|PARTICIPANT_MINUTES", 1_740_000L);
            Cli.Result differs = Cli.run(Duration.ofMinutes(2), "billing", "reconcile", "--month", MONTH, "--data-dir", dataDir);
            assertEquals(1, differs.exitCode(), differs.out() + differs.err());
            assertTrue(differs.out().contains("1 difference(s)")
                    && differs.out().contains(B + " 2026-10-16 PARTICIPANT_MINUTES: batch 1800000, streaming 1740000"), differs.out());
        }
    }

    @Test
    void withoutARunningPlatformItSaysSo() {
        Cli.Result bad = Cli.run(Duration.ofMinutes(2), "billing", "report", "--month", "2026-13", "--data-dir", "target/no-platform");
        assertEquals(1, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("no running platform"), bad.err());
    }

    private static List<String> lines(JsonNode invoice) {
        List<String> lines = new ArrayList<>();
        for (JsonNode line : invoice.get("lines")) {
            lines.add(line.get("description").asText() + "|" + line.get("plan").asText() + "|" + line.get("quantity").asText() + "|"
                    + line.get("unitPrice").asText() + "|" + line.get("amount").asText());
        }
        return lines;
    }

    private static void writeStreamingRow(CqlSession session, String key, long quantity) {
        String[] parts = key.split("\\|");
        Instant dayStart = LocalDate.parse(parts[1]).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        session.execute("INSERT INTO confab.usage_by_account_day (account_id, day, metric, window_start, record_id, window_end, quantity) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                parts[0], LocalDate.parse(parts[1]), parts[2], dayStart, "billing-test-" + key, dayStart.plus(Duration.ofDays(1)), quantity);
    }

    private static void produceMonth(String bootstrap) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            Instant t = Instant.parse("2026-10-22T10:00:00Z");
            String m = "bill-meeting-a";
            List<MeetingEvent> a = List.of(
                    event("a1", A, m, t, started()),
                    event("a2", A, m, t, joined("pa1", "user-1")),
                    event("a2", A, m, t, joined("pa1", "user-1")),                     // the same event twice
                    event("a3", A, m, t.plusSeconds(30 * 60), joined("pa2", "user-2")),
                    event("a4", A, m, t.plusSeconds(45 * 60), left("pa2")),
                    event("a5", A, m, t.plusSeconds(46 * 60), joined("pa2r", "user-2")), // reconnect, new participant id
                    event("a6", A, m, t.plusSeconds(60 * 60), left("pa2r")),
                    event("a7", A, m, t.plusSeconds(60 * 60), left("pa1")),
                    event("a8", A, m, t.plusSeconds(60 * 60), ended()));
            Instant u = Instant.parse("2026-10-15T23:30:00Z");
            String n = "bill-meeting-b";
            List<MeetingEvent> b = List.of(
                    event("b3", B, n, u.plusSeconds(3600), ended()),                     // out of order; pb1 never sends a leave
                    event("b1", B, n, u, started()),
                    event("b2", B, n, u, joined("pb1", null)));
            for (MeetingEvent event : a) {
                producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, event.getMeetingId(), Codecs.MEETING_EVENTS.encode(event)));
            }
            for (MeetingEvent event : b) {
                producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, event.getMeetingId(), Codecs.MEETING_EVENTS.encode(event)));
            }
            RecordingArtifact mp4 = RecordingArtifact.newBuilder().setAccountId(A).setMeetingId(m).setRecordingId("bill-rec-a")
                    .setKind(ArtifactKind.MP4).setS3Bucket("confab").setS3Key("recordings/" + A + "/" + m + "/bill-rec-a/recording.mp4")
                    .setSizeBytes(3_100_000_000L).setDurationMs(3_600_000L).setContentType("video/mp4")
                    .setCreatedAt(t.plusSeconds(61 * 60)).build();
            producer.send(new ProducerRecord<>(Topics.RECORDING_ARTIFACTS, m, Codecs.RECORDING_ARTIFACTS.encode(mp4)));
            producer.send(new ProducerRecord<>(Topics.RECORDING_ARTIFACTS, m, Codecs.RECORDING_ARTIFACTS.encode(mp4)));
            for (boolean isFinal : List.of(false, true)) {
                TranscriptSegment segment = TranscriptSegment.newBuilder().setMeetingId(m).setAccountId(A).setSegmentId("bill-seg-1")
                        .setSpeakerParticipantId("pa1").setSpeakerName("One").setMeetingStartedAt(t).setStartOffsetMs(60_000)
                        .setEndOffsetMs(isFinal ? 150_000 : 120_000).setText("hello").setConfidence(0.9f).setIsFinal(isFinal)
                        .setLanguage("en-US").build();
                producer.send(new ProducerRecord<>(Topics.TRANSCRIPT_SEGMENTS, m, Codecs.TRANSCRIPT_SEGMENTS.encode(segment)));
            }
            producer.flush();
        }
    }

    private static MeetingEvent event(String id, String account, String meeting, Instant at, Object payload) {
        return MeetingEvent.newBuilder().setEventId("billing-test-" + id).setAccountId(account).setMeetingId(meeting).setOccurredAt(at)
                .setPayload(payload).build();
    }

    private static MeetingStarted started() {
        return MeetingStarted.newBuilder().setTopic("Billing").setHostUserId("user-1").setMeetingType(MeetingType.INSTANT)
                .setSettings(MeetingSettings.newBuilder().setWaitingRoom(false).setJoinBeforeHost(true).setMuteOnEntry(false)
                        .setAllowRecording(true).setE2eeEnabled(false).build()).build();
    }

    private static MeetingEnded ended() {
        return MeetingEnded.newBuilder().setReason(MeetingEndReason.ENDED_BY_HOST).build();
    }

    private static ParticipantJoined joined(String participant, String user) {
        return ParticipantJoined.newBuilder().setParticipantId(participant).setUserId(user).setDisplayName("Person " + participant)
                .setRole(ParticipantRole.PARTICIPANT).setAudioMuted(false).setVideoMuted(false).build();
    }

    private static ParticipantLeft left(String participant) {
        return ParticipantLeft.newBuilder().setParticipantId(participant).setReason(LeaveReason.LEFT).build();
    }
}
