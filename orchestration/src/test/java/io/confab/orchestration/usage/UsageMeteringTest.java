package io.confab.orchestration.usage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.CassandraNode;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.recordings.RecordingFixtures;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topics;
import io.confab.testing.Eventually;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.confab.orchestration.usage.UsageMonth.DAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The usage meter on the shared platform: a generated month produced to the real Kafka, metered by
 * the meter's own process (killed with SIGKILL half-way and restarted), and the totals in the real
 * Cassandra compared with the rules applied independently to the same facts; bad input to the
 * dead-letter topics with reasons; the totals through data-api's /api/usage.
 */
@ExtendWith(SharedPlatform.class)
class UsageMeteringTest {

    private static final Duration CONVERGE = Duration.ofSeconds(240);

    private Platform platform;
    private RecordingFixtures fixtures;
    private CqlSession cassandra;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        platform = running.platform();
        fixtures = new RecordingFixtures(running);
        cassandra = CassandraNode.session(platform.cassandra().address(), platform.cassandra().datacenter(), Duration.ofSeconds(30));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().address(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void disconnect() {
        producer.close();
        cassandra.close();
        fixtures.close();
    }

    @Test
    void theMeterRunsWithTheRulesOfTheUsageConfigFile() throws Exception {
        // SharedPlatform gives the platform a --usage-config file with its quiet; the meter gets it as its option.
        List<Long> pids = platform.usage().pids();
        assertFalse(pids.isEmpty(), "the meter runs");
        List<String> arguments = new ArrayList<>();
        for (long pid : pids) {
            arguments.addAll(List.of(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/cmdline")).split("\0")));
        }
        assertTrue(arguments.contains("--quiet=PT" + SharedPlatform.USAGE_QUIET_SECONDS + "S"),
                "the meter's arguments: " + arguments);
    }

    @Test
    void metersAGeneratedMonthExactlyOnceThroughASigkillOfTheMeter() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("Metered");
        List<String> accounts = new ArrayList<>(List.of(owner.accountId()));
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 7; i++) {
            accounts.add("acct-" + run + "-" + i);
        }
        long today = ExpectedUsage.dayOf(System.currentTimeMillis());
        UsageMonth month = new UsageMonth(accounts, today - 28 * DAY, 28, 20261203L);
        List<ProducerRecord<String, byte[]>> records = month.records();
        Map<String, Map<String, Long>> expected = ExpectedUsage.totals(month);

        // Live traffic first, on every partition: the month is then a backfill behind a newer clock,
        // as in the whole suite, where a pause of the meter once made a month's meeting expire between
        // its own events (stream-jobs README, "Event time").
        int partitions = producer.partitionsFor(Topics.MEETING_EVENTS).size();
        for (int partition = 0; partition < partitions; partition++) {
            String live = "live-" + run + "-" + partition;
            producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, partition, live, joined(live, "acct-" + run + "-live", Instant.now())));
        }
        long began = System.nanoTime();
        int half = records.size() / 2;
        records.subList(0, half).forEach(producer::send);
        producer.flush();
        // Killed once part of the month is metered into Cassandra, so the restart has state to recover.
        awaitSomeUsage(accounts, today - 28 * DAY, today);
        platform.usage().kill();
        records.subList(half, records.size()).forEach(producer::send);
        producer.flush();
        platform.usage().start(Duration.ofSeconds(120));
        System.out.printf("usage month: %d records for %d meetings produced, the meter killed and restarted in %.1f s%n",
                records.size(), month.meetings.size(), (System.nanoTime() - began) / 1e9);

        Map<String, Map<String, Long>> actual = awaitTotals(accounts, today - 29 * DAY, today + DAY, expected);
        System.out.printf("usage month: totals in Cassandra after %.1f s%n", (System.nanoTime() - began) / 1e9);
        for (String account : accounts) {
            assertEquals(expected.get(account), actual.get(account), "usage of " + account + " (expected, then metered)");
        }
        Map<String, List<ExpectedUsage.Session>> sessions = ExpectedUsage.sessions(month);
        for (var meeting : sessions.entrySet()) {
            assertEquals(meeting.getValue(), sessionsOf(meeting.getKey()), "sessions of meeting " + meeting.getKey());
        }

        // The same totals through data-api, on the web origin, with the owner's token.
        LocalDate from = LocalDate.ofEpochDay((today - 29 * DAY) / DAY);
        RecordingFixtures.Answer usage = fixtures.get("/api/usage?from=" + from + "&to=" + from.plusDays(30), owner.token());
        assertEquals(200, usage.status(), usage.toString());
        Map<String, Long> totals = new TreeMap<>();
        expected.get(owner.accountId()).forEach((key, value) -> totals.merge(key.split(" ")[1], value,
                key.endsWith("PEAK_PARTICIPANTS") ? Math::max : Long::sum));
        Map<String, Long> served = new TreeMap<>();
        usage.body().path("totals").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() != 0) {
                served.put(e.getKey(), e.getValue().asLong());
            }
        });
        assertEquals(totals, served, "/api/usage totals: " + usage);
        RecordingFixtures.Answer other = fixtures.get("/api/usage?account=" + accounts.get(1), owner.token());
        assertEquals(404, other.status(), "another account's usage: " + other);
        RecordingFixtures.Answer live = fixtures.get("/api/usage/live", owner.token());
        assertEquals(200, live.status(), live.toString());
        assertEquals(owner.accountId(), live.body().path("account").asText(), live.toString());
        assertEquals(0, live.body().path("participantsNow").asInt(), "the month's meetings are all over: " + live);
    }

    @Test
    void deadLettersBadInputWithItsReason() throws Exception {
        String meeting = "bad-" + UUID.randomUUID();
        Map<String, Long> ends = endOffsets(List.of(Topics.deadLetterOf(Topics.MEETING_EVENTS),
                Topics.deadLetterOf(Topics.RECORDING_ARTIFACTS), Topics.deadLetterOf(Topics.TRANSCRIPT_SEGMENTS)));
        producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, new byte[]{(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 1}));
        producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, "not avro".getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, joined(meeting, "acct-bad", Instant.now().plus(Duration.ofDays(400)))));
        producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, joined(meeting, "acct-bad", Instant.now().minus(Duration.ofDays(75)))));
        producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, joined(meeting, " ", Instant.now())));
        producer.send(new ProducerRecord<>(Topics.RECORDING_ARTIFACTS, meeting, Codecs.RECORDING_ARTIFACTS.encode(RecordingArtifact.newBuilder()
                .setAccountId("acct-bad").setMeetingId(meeting).setRecordingId("r-bad").setKind(ArtifactKind.MP4).setS3Bucket("confab")
                .setS3Key("recordings/x/" + meeting + "/r-bad/recording.mp4").setSizeBytes(-5).setDurationMs(1000L)
                .setContentType("video/mp4").setCreatedAt(Instant.now()).build())));
        producer.send(new ProducerRecord<>(Topics.TRANSCRIPT_SEGMENTS, meeting, Codecs.TRANSCRIPT_SEGMENTS.encode(TranscriptSegment.newBuilder()
                .setMeetingId(meeting).setAccountId("acct-bad").setSegmentId("s-" + meeting).setSpeakerParticipantId("p").setSpeakerName("A")
                .setMeetingStartedAt(Instant.now()).setStartOffsetMs(5000).setEndOffsetMs(1000).setText("x").setConfidence(1f)
                .setIsFinal(true).setLanguage("en-US").build())));
        producer.flush();

        List<String> reasons = awaitDeadLetters(ends, meeting, 7);
        List<String> expected = List.of("UNKNOWN_SCHEMA", "NOT_SINGLE_OBJECT_ENCODED", "usage.max-skew",
                "the start of the month before the current one", "missing field accountId", "negative sizeBytes -5",
                "negative duration");
        for (String words : expected) {
            assertTrue(reasons.stream().anyMatch(r -> r.contains(words)), "a dead letter saying '" + words + "' in " + reasons);
        }
        String metrics = get(platform.usage().metricsAddress());
        assertTrue(metrics.contains("confab_usage_events_total{outcome=\"rejected\",topic=\"meeting.events\"}"), metrics);
        assertTrue(metrics.contains("kafka_stream_thread_"), "Kafka Streams' own metrics (Micrometer's KafkaStreamsMetrics) are served too");
    }

    /**
     * One transaction of usage records is one poll of up to 2,000 for the ledger sink. It used to send
     * them all at once, over the 1,024 requests the driver carries on a connection: Cassandra refused
     * the rest and the sink's thread died, leaving every later total unwritten while the meter ran on.
     */
    @Test
    void writesABurstOfUsageRecordsLargerThanTheDriverCarriesAtOnce() throws Exception {
        String account = "acct-burst-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        int count = 6_000;
        try (KafkaProducer<String, byte[]> burst = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.kafka().address(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, "usage-burst-" + account),
                new StringSerializer(), new ByteArraySerializer())) {
            burst.initTransactions();
            burst.beginTransaction();
            for (int i = 0; i < count; i++) {
                burst.send(new ProducerRecord<>(Topics.USAGE_RECORDS, account, Codecs.USAGE_RECORDS.encode(UsageRecord.newBuilder()
                        .setRecordId(account + "-" + i).setAccountId(account).setMeetingId("m-" + account).setParticipantId("p-" + i)
                        .setMetric(UsageMetric.PARTICIPANT_MINUTES).setQuantity(1_000L)
                        .setWindowStart(start).setWindowEnd(start.plusSeconds(1)).build())));
            }
            burst.commitTransaction();
        }
        LocalDate day = LocalDate.ofInstant(start, java.time.ZoneOffset.UTC);
        AtomicReference<String> seen = new AtomicReference<>("nothing");
        Eventually.within(Duration.ofSeconds(120)).every(Duration.ofSeconds(1)).holds(() -> {
            Row row = cassandra.execute("SELECT count(*) AS rows, sum(quantity) AS total FROM confab.usage_by_account_day "
                    + "WHERE account_id = ? AND day = ?", account, day).one();
            seen.set(row.getLong("rows") + " rows, " + row.getLong("total") + " ms");
            return row.getLong("rows") == count;
        });
        assertEquals(count + " rows, " + count * 1_000L + " ms", seen.get(), "usage_by_account_day of " + account);
    }

    private static byte[] joined(String meeting, String account, Instant at) {
        return Codecs.MEETING_EVENTS.encode(MeetingEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAccountId(account)
                .setMeetingId(meeting).setOccurredAt(at).setPayload(ParticipantJoined.newBuilder().setParticipantId("p-1")
                        .setUserId("u-1").setDisplayName("A").setRole(ParticipantRole.HOST).setAudioMuted(false)
                        .setVideoMuted(false).build()).build());
    }

    private Map<String, Map<String, Long>> awaitTotals(List<String> accounts, long fromDay, long toDay,
                                                       Map<String, Map<String, Long>> expected) throws InterruptedException {
        // The caller compares, naming every difference: the last totals are what it needs, not a failure here.
        AtomicReference<Map<String, Map<String, Long>>> actual = new AtomicReference<>(Map.of());
        Eventually.within(CONVERGE).every(Duration.ofSeconds(2)).holds(() -> {
            Map<String, Map<String, Long>> now = new HashMap<>();
            for (String account : accounts) {
                now.put(account, totalsOf(account, fromDay, toDay));
            }
            actual.set(now);
            return accounts.stream().allMatch(account -> expected.get(account).equals(now.get(account)));
        });
        return actual.get();
    }

    private void awaitSomeUsage(List<String> accounts, long fromDay, long toDay) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(120)).until("the meter to write usage for one of " + accounts + " (the first half of the month)",
                () -> accounts.stream().anyMatch(account -> !totalsOf(account, fromDay, toDay).isEmpty()));
    }

    private Map<String, Long> totalsOf(String account, long fromDay, long toDay) {
        Map<String, Long> totals = new TreeMap<>();
        for (long day = fromDay; day <= toDay; day += DAY) {
            LocalDate date = LocalDate.ofEpochDay(day / DAY);
            for (Row row : cassandra.execute("SELECT metric, quantity FROM confab.usage_by_account_day WHERE account_id = ? AND day = ?",
                    account, date)) {
                totals.merge(date + " " + row.getString("metric"), row.getLong("quantity"), Long::sum);
            }
        }
        totals.values().removeIf(v -> v == 0);
        return totals;
    }

    private List<ExpectedUsage.Session> sessionsOf(String meeting) {
        List<ExpectedUsage.Session> sessions = new ArrayList<>();
        for (Row row : cassandra.execute("SELECT joined_at, participant_id, left_at FROM confab.participant_sessions_by_meeting "
                + "WHERE meeting_id = ?", meeting)) {
            Instant left = row.getInstant("left_at");
            sessions.add(new ExpectedUsage.Session(row.getInstant("joined_at").toEpochMilli(), row.getString("participant_id"),
                    left == null ? -1 : left.toEpochMilli()));
        }
        return sessions;
    }

    private Map<String, Long> endOffsets(List<String> topics) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            Map<String, Long> ends = new HashMap<>();
            List<TopicPartition> partitions = topics.stream().map(t -> new TopicPartition(t, 0)).toList();
            consumer.endOffsets(partitions).forEach((tp, offset) -> ends.put(tp.topic(), offset));
            return ends;
        }
    }

    private List<String> awaitDeadLetters(Map<String, Long> from, String meeting, int count) throws InterruptedException {
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = from.keySet().stream().map(t -> new TopicPartition(t, 0)).toList();
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, from.get(tp.topic())));
            Eventually.within(Duration.ofSeconds(60)).every(Duration.ZERO).holds(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (meeting.equals(record.key())) {
                        // Other consumers of the same topics (the recording mixer) dead-letter their own copies.
                        DeadLetter letter = Codecs.DEAD_LETTERS.decode(record.value()).orElseThrow();
                        if ("stream-jobs/usage-meter".equals(letter.getConsumer())) {
                            reasons.add(letter.getReason());
                        }
                    }
                }
                return reasons.size() >= count;
            });
        }
        assertEquals(count, reasons.size(), "dead letters for " + meeting + ": " + reasons);
        return reasons;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().address(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
