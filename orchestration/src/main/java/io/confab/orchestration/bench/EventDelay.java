package io.confab.orchestration.bench;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How long meeting events take from happening to being readable on {@code meeting.events}: the
 * room's clock ({@code occurredAt}) to the moment a consumer polls them, through realtime-core's
 * event sink. Both clocks are this machine's. Reads from the end of the topic as
 * it was when measuring began, on a thread of its own, and only the given meetings' events.
 */
final class EventDelay implements AutoCloseable {

    record Figures(long events, double p50Ms, double p99Ms, double maxMs) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> meetings;
    private final List<Long> delaysMs = new ArrayList<>();
    private final Thread reader;
    private volatile boolean stopping;

    EventDelay(String bootstrap, io.confab.storage.kafka.KafkaLogin login, Set<String> meetings) {
        this.meetings = meetings;
        this.consumer = new KafkaConsumer<>(login.addTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000)),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.MEETING_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.reader = new Thread(this::read, "bench-event-delay");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (!stopping) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.currentTimeMillis();
                if (!meetings.contains(record.key())) {
                    continue;
                }
                if (Codecs.MEETING_EVENTS.decode(record.value()) instanceof Decoded.Ok<MeetingEvent> ok) {
                    synchronized (delaysMs) {
                        delaysMs.add(now - ok.value().getOccurredAt().toEpochMilli());
                    }
                }
            }
        }
    }

    /** Stops reading (after {@code drain} for the last events) and summarizes. */
    Figures finish(Duration drain) throws InterruptedException {
        Thread.sleep(drain.toMillis());
        stopping = true;
        reader.join(5_000);
        long[] sorted;
        synchronized (delaysMs) {
            sorted = delaysMs.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (sorted.length == 0) {
            return new Figures(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Figures(sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    @Override
    public void close() {
        stopping = true;
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
