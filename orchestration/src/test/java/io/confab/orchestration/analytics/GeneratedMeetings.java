package io.confab.orchestration.analytics;

import io.confab.batch.billing.bench.UsageEvents;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.MediaDirection;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.topics.Topics;
import io.confab.storage.warehouse.WarehouseTable;
import io.confab.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Meetings made up from a seed and produced to the platform's real topics as its producers would
 * write them: events (one of them delivered twice), a quality sample per participant every 5 s for
 * 10 s in each direction, an MP4 file per meeting. Usage records are not made here: the platform's
 * usage meter makes them from the events, as in production. The first account's
 * last meeting of the second day runs over midnight. What each day should hold is counted while
 * producing, independently of the export.
 */
final class GeneratedMeetings {

    /** What each day should hold, per account. */
    static final class Expected {
        final Map<String, Map<LocalDate, Long>> meetings = new TreeMap<>();
        final Map<String, Map<LocalDate, Long>> sessions = new TreeMap<>();
        final Map<String, Map<LocalDate, Long>> sessionMs = new TreeMap<>();
        final Map<String, Map<LocalDate, Long>> events = new TreeMap<>();
        final Map<String, Map<LocalDate, Long>> quality = new TreeMap<>();
        final Map<String, Map<LocalDate, Long>> recordingBytes = new TreeMap<>();
        /** Every meeting id, in the order produced. */
        final List<String> meetingIds = new ArrayList<>();

        static long total(Map<String, Map<LocalDate, Long>> counts, String account) {
            return counts.getOrDefault(account, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        static long get(Map<String, Map<LocalDate, Long>> counts, String account, LocalDate day) {
            return counts.getOrDefault(account, Map.of()).getOrDefault(day, 0L);
        }

        private static void add(Map<String, Map<LocalDate, Long>> counts, String account, LocalDate day, long n) {
            counts.computeIfAbsent(account, a -> new TreeMap<>()).merge(day, n, Long::sum);
        }

        /** Rows a table should hold for the account on the day; -1 for usage, which the platform's usage meter makes from the events. */
        long rows(WarehouseTable table, String account, LocalDate day) {
            return switch (table) {
                case MEETINGS, RECORDINGS -> get(meetings, account, day);
                case PARTICIPANT_SESSIONS -> get(sessions, account, day);
                case USAGE -> -1L;
                case MEETING_EVENTS -> get(events, account, day);
                case MEDIA_QUALITY -> get(quality, account, day);
                case TRANSCRIPTS -> 0L;
            };
        }
    }

    private GeneratedMeetings() {
    }

    static Expected produce(String bootstrap, List<String> accounts, List<LocalDate> days, long seed) {
        Expected expected = new Expected();
        Random random = new Random(seed);
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            for (int a = 0; a < accounts.size(); a++) {
                String account = accounts.get(a);
                for (int d = 0; d < days.size(); d++) {
                    LocalDate day = days.get(d);
                    int meetings = 2 + (d + a) % 3;
                    for (int k = 0; k < meetings; k++) {
                        boolean overMidnight = a == 0 && d == 1 && k == meetings - 1;
                        Instant start = overMidnight ? day.atTime(23, 40).toInstant(ZoneOffset.UTC) : day.atTime(9 + k, 0).toInstant(ZoneOffset.UTC);
                        meeting(producer, random, expected, account, day, start);
                    }
                }
            }
            producer.flush();
        }
        return expected;
    }

    /**
     * Waits until the platform's usage meter has metered every presence of the account (its
     * participant minutes in GET /api/usage equal the generated sessions'), so usage.records holds
     * them all before an export reads it.
     */
    static com.fasterxml.jackson.databind.JsonNode awaitMetered(io.confab.orchestration.recordings.RecordingFixtures fixtures,
                                                                 io.confab.orchestration.recordings.RecordingFixtures.Account owner,
                                                                 Expected expected, List<LocalDate> days) throws InterruptedException {
        long want = Expected.total(expected.sessionMs, owner.accountId());
        return Eventually.within(Duration.ofSeconds(180)).every(Duration.ofSeconds(2))
                .until("the usage meter to meter " + want + " participant ms for " + owner.accountId(),
                        () -> fixtures.get("/api/usage?account=" + owner.accountId() + "&from=" + days.get(0) + "&to=" + days.get(days.size() - 1),
                                owner.token()),
                        answer -> answer.status() == 200 && answer.body().path("totals").path("PARTICIPANT_MINUTES").asLong() == want)
                .body();
    }

    private static void meeting(KafkaProducer<String, byte[]> producer, Random random, Expected expected, String account, LocalDate day,
                                Instant start) {
        String meeting = "gen-" + UUID.randomUUID();
        expected.meetingIds.add(meeting);
        // Some meetings are on a bad network: more loss, more jitter, a longer round trip.
        double badness = random.nextDouble() < 0.3 ? 1 + random.nextInt(8) : 0;
        List<MeetingEvent> events = new ArrayList<>();
        events.add(UsageEvents.started(UUID.randomUUID().toString(), account, meeting, start));
        Instant end = start;
        int people = 2 + random.nextInt(4);
        for (int p = 0; p < people; p++) {
            Instant joined = start.plusSeconds(60L * p);
            long ms = 60_000L + random.nextInt(40 * 60_000);
            Instant left = joined.plusMillis(ms);
            end = end.isAfter(left) ? end : left;
            String participant = meeting + "-p" + p;
            events.add(UsageEvents.joined(UUID.randomUUID().toString(), account, meeting, joined, participant, "user-" + p));
            events.add(UsageEvents.left(UUID.randomUUID().toString(), account, meeting, left, participant));
            Expected.add(expected.sessions, account, day, 1);
            Expected.add(expected.sessionMs, account, day, ms);
            for (int q = 0; q < 2; q++) {
                for (MediaDirection direction : MediaDirection.values()) {
                    float loss = (float) Math.min(0.5, badness * 0.02 * random.nextDouble());
                    send(producer, Topics.MEDIA_QUALITY, meeting, Codecs.MEDIA_QUALITY.encode(MediaQualitySample.newBuilder()
                            .setMeetingId(meeting).setAccountId(account).setParticipantId(participant).setDirection(direction)
                            .setKind(MediaKind.AUDIO).setIntervalStart(joined.plusSeconds(5L * q)).setIntervalEnd(joined.plusSeconds(5L * q + 5))
                            .setPackets(250).setPacketsLost(Math.round(250 * loss)).setFractionLost(loss)
                            .setJitterMs(1 + random.nextDouble() * (4 + badness * 6))
                            .setRttMs(direction == MediaDirection.DOWNSTREAM ? 20 + random.nextDouble() * (30 + badness * 60) : null)
                            .setBitrateKbps(32).build()));
                    Expected.add(expected.quality, account, day, 1);
                }
            }
        }
        events.add(UsageEvents.ended(UUID.randomUUID().toString(), account, meeting, end));
        for (MeetingEvent event : events) {
            send(producer, Topics.MEETING_EVENTS, meeting, UsageEvents.bytes(event));
            Expected.add(expected.events, account, LocalDate.ofInstant(event.getOccurredAt(), ZoneOffset.UTC), 1);
        }
        send(producer, Topics.MEETING_EVENTS, meeting, UsageEvents.bytes(events.get(1)));   // delivered twice
        Expected.add(expected.meetings, account, day, 1);
        // The file is published 30 s after the start, on the meeting's start day.
        long bytes = 1_000_000L + random.nextInt(9_000_000);
        send(producer, Topics.RECORDING_ARTIFACTS, meeting, UsageEvents.bytes(UsageEvents.artifact(account, meeting, "rec-" + meeting,
                ArtifactKind.MP4, bytes, 60_000L, start.plusSeconds(30))));
        Expected.add(expected.recordingBytes, account, day, bytes);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }
}
