package io.confab.orchestration.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.confab.orchestration.platform.CassandraNode;
import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for the usage meter on a running platform. Throughput: a flood of ParticipantJoined /
 * ParticipantLeft events (many meetings, a bench account of its own) produced to meeting.events,
 * timed until the meter's read counter has them all, and divided by the CPU seconds the meter's
 * process used meanwhile (events per second per core, exactly once). Delay: single presences,
 * one at a time, from sending the Left to the account's total in Cassandra including it.
 */
public final class UsageLoad {

    public record Figures(long events, double seconds, double meterCpuSeconds, double eventsPerSecond, double eventsPerCoreSecond,
                          int delaySamples, double delayP50Ms, double delayP95Ms, double delayP99Ms, double delayMaxMs) {
    }

    private static final Pattern READ = Pattern.compile(
            "confab_usage_events_total\\{outcome=\"read\",topic=\"meeting\\.events\"} ([0-9.eE+]+)");

    /** How long the meter may make no progress before the bench gives up (it is not a figure: a stall is a fault). */
    private static final Duration STALLED = Duration.ofSeconds(120);

    private final String kafka;
    private final io.confab.storage.kafka.KafkaLogin kafkaLogin;
    private final String cassandra;
    private final CassandraLogin cassandraLogin;
    private final String datacenter;
    private final String meter;
    private final long meterPid;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newHttpClient();

    /** {@code kafkaLogin} and {@code cassandraLogin}: the platform's, as its own clients log in (none on loopback). */
    public UsageLoad(String kafka, io.confab.storage.kafka.KafkaLogin kafkaLogin, String cassandra, CassandraLogin cassandraLogin,
                     String datacenter, String meter, long meterPid, Consumer<String> progress) {
        this.kafka = kafka;
        this.kafkaLogin = kafkaLogin;
        this.cassandra = cassandra;
        this.cassandraLogin = cassandraLogin;
        this.datacenter = datacenter;
        this.meter = meter;
        this.meterPid = meterPid;
        this.progress = progress;
    }

    public Figures run(int events, Arrival arrival, int delaySamples) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafkaLogin.addTo(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")),
                new StringSerializer(), new ByteArraySerializer());
             CqlSession session = CassandraNode.session(cassandra, datacenter, Duration.ofSeconds(30), cassandraLogin)) {
            progress.accept("encoding " + events + " events...");
            List<ProducerRecord<String, byte[]>> flood = flood(run, events, arrival);
            long before = readCount();
            double cpuBefore = cpuSeconds();
            long start = System.nanoTime();
            progress.accept("producing them to meeting.events...");
            flood.forEach(producer::send);
            producer.flush();
            long target = before + flood.size();
            long last = before;
            long printed = before;
            long lastMoved = System.nanoTime();
            long now;
            while ((now = readCount()) < target) {
                if (now > last) {
                    if (now - printed >= events / 10) {
                        progress.accept(String.format("  metered %,d of %,d", now - before, flood.size()));
                        printed = now;
                    }
                    last = now;
                    lastMoved = System.nanoTime();
                } else if (System.nanoTime() - lastMoved > STALLED.toNanos()) {
                    throw new IllegalStateException(String.format("the usage meter read %,d of the %,d events and no more for %d s;"
                            + " see its log (logs/usage-meter.log in the data directory)", now - before, flood.size(), STALLED.toSeconds()));
                }
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = cpuSeconds() - cpuBefore;
            progress.accept(String.format("drained in %.1f s; measuring the delay from a Left to Cassandra...", seconds));
            List<Double> delays = new ArrayList<>();
            String account = "bench-delay-" + run;
            long expected = 0;
            for (int i = 0; i < delaySamples; i++) {
                String meeting = "bench-delay-" + run + "-" + i;
                Instant join = Instant.now().minusSeconds(60);
                producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, joined(account, meeting, "p", join)));
                producer.flush();
                Instant leave = Instant.now();
                expected += leave.toEpochMilli() - join.toEpochMilli();
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, meeting, left(account, meeting, "p", leave)));
                producer.flush();
                while (participantMillis(session, account) < expected) {
                    if (System.nanoTime() - sent > STALLED.toNanos()) {
                        throw new IllegalStateException("a ParticipantLeft did not reach the total of account " + account
                                + " in Cassandra within " + STALLED.toSeconds() + " s; see the usage meter's log (logs/usage-meter.log)");
                    }
                    Thread.sleep(2);
                }
                delays.add((System.nanoTime() - sent) / 1e6);
            }
            Collections.sort(delays);
            return new Figures(flood.size(), seconds, cpu, flood.size() / seconds, cpu > 0 ? flood.size() / cpu : 0,
                    delays.size(), percentile(delays, 0.5), percentile(delays, 0.95), percentile(delays, 0.99), delays.isEmpty() ? 0 : delays.get(delays.size() - 1));
        }
    }

    /**
     * The order a meeting's events reach meeting.events in. The meeting service emits them as they
     * happen, so a meeting's Joins come before its Leaves ({@link #TIME}); {@link #PRESENCE} sends each
     * presence's Join and then its Left, so in arrival order every Left empties its meeting (the next
     * person's earlier Join comes after it) and the meeting's ledger goes onto the meter's expiry shelf
     * until that Join: the order this bench used before stop 45, kept to compare figures with.
     */
    public enum Arrival { TIME, PRESENCE }

    /**
     * Ten-person meetings, four per account (an account's day holds a few meetings, not thousands:
     * the peak fold's cost per change grows with the account-day's presences): each presence one
     * Joined and one Left a minute later, times within the last hour, in the given arrival order.
     */
    private static List<ProducerRecord<String, byte[]>> flood(String run, int events, Arrival arrival) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events);
        long base = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        int meeting = 0;
        while (records.size() < events) {
            String id = "bench-" + run + "-" + meeting;
            String account = "bench-" + run + "-" + meeting / 4;
            int people = Math.min(10, Math.max(1, (events - records.size()) / 2));
            List<ProducerRecord<String, byte[]>> joins = new ArrayList<>(people);
            List<ProducerRecord<String, byte[]>> leaves = new ArrayList<>(people);
            for (int p = 0; p < people; p++) {
                long join = base + (meeting % 3000) * 1000L + p;
                joins.add(new ProducerRecord<>(Topics.MEETING_EVENTS, id, joined(account, id, "p" + p, Instant.ofEpochMilli(join))));
                leaves.add(new ProducerRecord<>(Topics.MEETING_EVENTS, id, left(account, id, "p" + p, Instant.ofEpochMilli(join + 60_000))));
            }
            if (arrival == Arrival.TIME) {
                records.addAll(joins);
                records.addAll(leaves);
            } else {
                for (int p = 0; p < people; p++) {
                    records.add(joins.get(p));
                    records.add(leaves.get(p));
                }
            }
            meeting++;
        }
        return records.size() > events ? new ArrayList<>(records.subList(0, events)) : records;
    }

    private static byte[] joined(String account, String meeting, String participant, Instant at) {
        return Codecs.MEETING_EVENTS.encode(MeetingEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAccountId(account)
                .setMeetingId(meeting).setOccurredAt(at).setPayload(ParticipantJoined.newBuilder().setParticipantId(participant)
                        .setUserId(participant + "-user").setDisplayName(participant).setRole(ParticipantRole.PARTICIPANT)
                        .setAudioMuted(false).setVideoMuted(false).build()).build());
    }

    private static byte[] left(String account, String meeting, String participant, Instant at) {
        return Codecs.MEETING_EVENTS.encode(MeetingEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAccountId(account)
                .setMeetingId(meeting).setOccurredAt(at).setPayload(ParticipantLeft.newBuilder().setParticipantId(participant)
                        .setReason(LeaveReason.LEFT).build()).build());
    }

    private static long participantMillis(CqlSession session, String account) {
        long total = 0;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day : List.of(today.minusDays(1), today)) {
            for (var row : session.execute("SELECT quantity FROM confab.usage_by_account_day WHERE account_id = ? AND day = ? "
                    + "AND metric = 'PARTICIPANT_MINUTES'", account, day)) {
                total += row.getLong("quantity");
            }
        }
        return total;
    }

    private long readCount() throws IOException, InterruptedException {
        // Only the one family: the whole page renders every Kafka Streams metric, and at every 200 ms
        // that was a fifth of the meter's sampled CPU, charged to the figure this bench measures.
        String body = http.send(HttpRequest.newBuilder(URI.create(meter + "/metrics?name%5B%5D=confab_usage_events_total")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = READ.matcher(body);
        // Micrometer writes counters as doubles (42.0, 1.0E7).
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    /** utime + stime of the meter's process, from /proc (clock ticks of 100 Hz on Linux). */
    private double cpuSeconds() throws IOException {
        if (meterPid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + meterPid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
