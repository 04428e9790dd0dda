package io.confab.core.captions;

import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.topics.Topics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live captions into signaling: reads {@code transcript.segments} and hands each caption to the
 * room of its meeting on this node.
 *
 * <pre>
 * Kafka transcript.segments (every partition, from the end) ─▶ CaptionReader ─▶ CaptionSink (SignalingService)
 *                                                                   │                 └─▶ Room.caption ─▶ caption frames
 *                                                                   └─ refused: counted, first of each kind logged
 * </pre>
 *
 * <p>Every node reads every partition, with no consumer group: a meeting's captions must reach the
 * node that hosts its room, and a group would split the partitions between nodes instead. Each node
 * starts at the end and commits nothing: a caption is worth something only while its sentence is
 * being spoken, so one missed across a restart is not replayed (the transcript keeps every segment).
 * A node drops the captions of meetings it does not host ({@link Outcome#NOT_HERE}); with many nodes
 * this read-everything fan-out is what the planned Redis pub/sub between nodes would replace.
 *
 * <p>Bad records are not dead-lettered here: the usage meter, which reads the same topic, already
 * sends them to {@code transcript.segments.dlq}, and a copy from every node would multiply them.
 */
public final class CaptionFeed implements AutoCloseable {

    /** What became of one record. */
    public enum Outcome {
        /** Handed to a live room on this node. */
        DELIVERED,
        /** Its meeting has no room on this node. */
        NOT_HERE,
        /** The codec refused it. */
        UNDECODABLE,
        /** It breaks the protocol's rules for a caption. */
        INVALID,
        /** Signaling threw while taking it. */
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(CaptionFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long to wait between looks for the topic when it does not exist yet. */
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final KafkaLogin login;
    private final CaptionSink sink;
    private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
    private final Set<Outcome> logged = EnumSet.noneOf(Outcome.class);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public CaptionFeed(String bootstrapServers, KafkaLogin login, CaptionSink sink) {
        this.bootstrapServers = bootstrapServers;
        this.login = login;
        this.sink = sink;
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, new LongAdder());
        }
        this.thread = new Thread(this::run, "caption-feed");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Records with this outcome since start; safe from any thread (metrics). */
    public long count(Outcome outcome) {
        return counts.get(outcome).sum();
    }

    /** {@code confab_captions_total{outcome}}: every record read, by what became of it. */
    public void bindTo(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            FunctionCounter.builder("confab_captions", this, feed -> feed.count(outcome))
                    .description("transcript.segments records read for live captions, by what became of them")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(login.addTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "realtime-core-captions",
                // A caption is a few hundred bytes; polls return as soon as one arrives.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = awaitPartitions(kafka);
            kafka.assign(partitions);
            kafka.seekToEnd(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                    accept(record.key(), record.value());
                }
            }
        } catch (WakeupException | InterruptedException | InterruptException stopping) {
            // close() woke the consumer: the loop ends.
        } catch (RuntimeException e) {
            LOG.error("live captions stopped: reading {} failed", Topics.TRANSCRIPT_SEGMENTS, e);
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) throws InterruptedException {
        while (running) {
            List<PartitionInfo> found = kafka.partitionsFor(Topics.TRANSCRIPT_SEGMENTS);
            if (found != null && !found.isEmpty()) {
                return found.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            Thread.sleep(TOPIC_RETRY.toMillis());
        }
        throw new InterruptedException("closed before " + Topics.TRANSCRIPT_SEGMENTS + " existed");
    }

    /** One record, on the feed's thread (tests call it directly). */
    void accept(String key, byte[] value) {
        CaptionReading reading = CaptionReader.read(key, value);
        if (reading instanceof CaptionReading.Refused refused) {
            Outcome outcome = refused.refusal() == CaptionReading.Refusal.UNDECODABLE ? Outcome.UNDECODABLE : Outcome.INVALID;
            count(outcome, "a record of " + Topics.TRANSCRIPT_SEGMENTS + " is no caption (" + refused.reason()
                    + "); it is dropped, and later ones like it are only counted", null);
            return;
        }
        LiveCaption caption = ((CaptionReading.Caption) reading).caption();
        try {
            count(sink.deliver(caption) ? Outcome.DELIVERED : Outcome.NOT_HERE, null, null);
        } catch (RuntimeException e) {
            count(Outcome.FAILED, "signaling failed to take a caption of meeting " + caption.meetingId()
                    + "; later failures are only counted", e);
        }
    }

    private void count(Outcome outcome, String firstTimeLog, RuntimeException cause) {
        counts.get(outcome).increment();
        if (firstTimeLog != null && logged.add(outcome)) {
            LOG.warn(firstTimeLog, cause);
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        } else {
            thread.interrupt();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
