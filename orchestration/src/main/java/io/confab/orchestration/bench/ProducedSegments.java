package io.confab.orchestration.bench;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When the transcription job produced each final segment of one meeting to
 * {@code transcript.segments}, and where that segment ends on the meeting's timeline: read from
 * Kafka beside the listener, so a caption's delay splits into the job's part (end of speech on the
 * SFU's clock to the segment on Kafka) and the caption feed's (Kafka to the listener).
 * Every partition is read from its end at {@link #start}; nothing is committed.
 */
final class ProducedSegments implements AutoCloseable {

    /**
     * @param producedAtMs the record's timestamp: when the job's sink sent it (epoch ms)
     * @param endsAtMs     the segment's end on the meeting's timeline (MeetingStarted + end offset, epoch ms)
     */
    record Produced(String participantId, long producedAtMs, long endsAtMs) {
    }

    private final String meetingId;
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final Map<String, Produced> finals = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile String failure;

    private ProducedSegments(String bootstrap, io.confab.storage.kafka.KafkaLogin login, String meetingId) {
        this.meetingId = meetingId;
        this.kafka = new KafkaConsumer<>(login.addTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "confab-bench-captions",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = kafka.partitionsFor(Topics.TRANSCRIPT_SEGMENTS, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        kafka.assign(partitions);
        kafka.seekToEnd(partitions);
        // seekToEnd is lazy: resolve the positions now, before the meeting speaks.
        partitions.forEach(kafka::position);
        this.reader = new Thread(this::read, "bench-produced-segments");
        reader.setDaemon(true);
    }

    /** Starts reading; the caller closes it. */
    static ProducedSegments start(String bootstrap, io.confab.storage.kafka.KafkaLogin login, String meetingId) {
        ProducedSegments segments = new ProducedSegments(bootstrap, login, meetingId);
        segments.reader.start();
        return segments;
    }

    Optional<Produced> finalSegment(String segmentId) {
        return Optional.ofNullable(finals.get(segmentId));
    }

    /** Why reading stopped early, if it did. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    if (Codecs.TRANSCRIPT_SEGMENTS.decode(record.value()) instanceof Decoded.Ok<TranscriptSegment> ok
                            && ok.value().getIsFinal() && meetingId.equals(ok.value().getMeetingId())) {
                        TranscriptSegment s = ok.value();
                        finals.put(s.getSegmentId(), new Produced(s.getSpeakerParticipantId(), record.timestamp(),
                                s.getMeetingStartedAt().toEpochMilli() + s.getEndOffsetMs()));
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e.toString();
        }
    }

    @Override
    public void close() {
        running = false;
        kafka.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kafka.close(Duration.ofSeconds(2));
    }
}
