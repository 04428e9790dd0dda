package io.confab.orchestration.meetings;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.topics.Topics;
import io.confab.testing.Eventually;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads what realtime-core published on the real Kafka, decoded with storage's codecs. */
final class MeetingEventLog {

    private MeetingEventLog() {
    }

    /** Every event of one meeting, in partition order, once {@code done} holds for them (or the time is up). */
    static List<MeetingEvent> events(String bootstrap, String meetingId, Predicate<List<MeetingEvent>> done) {
        List<MeetingEvent> events = new ArrayList<>();
        read(bootstrap, Topics.MEETING_EVENTS, record -> {
            if (meetingId.equals(record.key())) {
                events.add(decode(Codecs.MEETING_EVENTS.decode(record.value()), record));
            }
        }, () -> done.test(events));
        return events;
    }

    /** Every event of one meeting, in partition order, once its MeetingEnded is among them (or the time is up). */
    static List<MeetingEvent> untilEnded(String bootstrap, String meetingId) {
        return events(bootstrap, meetingId, found -> found.stream().anyMatch(e -> e.getPayload() instanceof MeetingEnded));
    }

    /**
     * Every meeting.events record of the given meetings from the beginning up to the topic's end
     * offsets at the call, per meeting in partition order (a meeting's records are in one partition).
     */
    static Map<String, List<MeetingEvent>> eventsUpToNow(String bootstrap, java.util.Set<String> meetingIds) {
        Map<String, List<MeetingEvent>> events = new java.util.HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(Topics.MEETING_EVENTS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            Eventually.within(Duration.ofSeconds(60)).every(Duration.ZERO).until("meeting.events read to its end offsets " + end,
                    () -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                            if (meetingIds.contains(record.key())) {
                                events.computeIfAbsent(record.key(), k -> new ArrayList<>())
                                        .add(decode(Codecs.MEETING_EVENTS.decode(record.value()), record));
                            }
                        });
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted reading meeting.events", e);
        }
        return events;
    }

    /** Every recording.artifacts record of one meeting once {@code done} holds for them, waiting up to {@code timeout}. */
    static List<io.confab.storage.events.RecordingArtifact> artifacts(String bootstrap, String meetingId,
            Predicate<List<io.confab.storage.events.RecordingArtifact>> done, Duration timeout) {
        List<io.confab.storage.events.RecordingArtifact> artifacts = new ArrayList<>();
        read(bootstrap, Topics.RECORDING_ARTIFACTS, record -> {
            if (meetingId.equals(record.key())) {
                artifacts.add(decode(Codecs.RECORDING_ARTIFACTS.decode(record.value()), record));
            }
        }, () -> done.test(artifacts), timeout);
        return artifacts;
    }

    static List<AuditEntry> audit(String bootstrap, Predicate<AuditEntry> matching, int atLeast) {
        List<AuditEntry> entries = new ArrayList<>();
        read(bootstrap, Topics.AUDIT_LOG, record -> {
            AuditEntry entry = decode(Codecs.AUDIT_LOG.decode(record.value()), record);
            if (matching.test(entry)) {
                entries.add(entry);
            }
        }, () -> entries.size() >= atLeast);
        return entries;
    }

    private static <T> T decode(Decoded<T> decoded, ConsumerRecord<String, byte[]> record) {
        if (decoded instanceof Decoded.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("undecodable record at offset " + record.offset() + " of " + record.topic() + ": " + decoded);
    }

    private static void read(String bootstrap, String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each,
                             java.util.function.BooleanSupplier done) {
        read(bootstrap, topic, each, done, Duration.ofSeconds(60));
    }

    private static void read(String bootstrap, String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each,
                             java.util.function.BooleanSupplier done, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            // The callers check what was read; a short read fails there, naming what is missing.
            try {
                Eventually.within(timeout).every(Duration.ZERO).holds(() -> {
                    if (done.getAsBoolean()) {
                        return true;
                    }
                    consumer.poll(Duration.ofMillis(500)).forEach(each);
                    return false;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
