package io.confab.batch.billing.source;

import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.topics.Topics;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The usage topics as a bounded collection: every partition from its earliest retained offset to its
 * end offset when the run starts (taken once, in {@link #open}), so records produced during the run
 * wait for the next one. Each partition's slice is read by one worker with a plain consumer (no
 * group, no commits: the run owns no offsets). KafkaIO would do the same with more machinery.
 */
public final class KafkaMonthSource implements MonthSource {

    public static final List<String> TOPICS = List.of(Topics.MEETING_EVENTS, Topics.RECORDING_ARTIFACTS, Topics.TRANSCRIPT_SEGMENTS);

    /** Offsets [from, to) of one partition. */
    public record Slice(String topic, int partition, long from, long to) implements Serializable {
    }

    private final String bootstrap;
    private final KafkaLogin login;
    private final List<Slice> slices;

    private KafkaMonthSource(String bootstrap, KafkaLogin login, List<Slice> slices) {
        this.bootstrap = bootstrap;
        this.login = login;
        this.slices = List.copyOf(slices);
    }

    /** Takes the usage topics' current bounds; a topic that does not exist yet has no records. */
    public static KafkaMonthSource open(String bootstrap, KafkaLogin login) {
        return open(bootstrap, login, TOPICS);
    }

    /** The same over other topics (the warehouse export reads five). */
    public static KafkaMonthSource open(String bootstrap, KafkaLogin login, List<String> topicNames) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, login)) {
            List<TopicPartition> partitions = new ArrayList<>();
            // Generous: on a loaded machine a fresh JVM's first metadata request has taken over 30 s.
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofMinutes(2));
            for (String topic : topicNames) {
                for (PartitionInfo info : topics.getOrDefault(topic, List.of())) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofMinutes(2));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofMinutes(2));
            List<Slice> slices = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long from = begin.get(partition);
                long to = end.get(partition);
                if (to > from) {
                    slices.add(new Slice(partition.topic(), partition.partition(), from, to));
                }
            }
            return new KafkaMonthSource(bootstrap, login, slices);
        }
    }

    @Override
    public long expectedRecords() {
        return slices.stream().mapToLong(slice -> slice.to() - slice.from()).sum();
    }

    @Override
    public PCollection<SourceRecord> read(Pipeline pipeline) {
        return pipeline
                .apply("PartitionSlices", Create.of(slices).withCoder(SerializableCoder.of(Slice.class)))
                // One slice per worker: without it a runner may fuse the whole read into one bundle.
                .apply("SpreadSlices", Reshuffle.viaRandomKey())
                .apply("ReadSlice", ParDo.of(new ReadSlice(bootstrap, login)))
                .setCoder(SourceRecordCoder.of());
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, KafkaLogin login) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.putAll(login.clientProperties());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "confab-billing");
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads one slice to its end offset. Offsets may have gaps (transaction markers), so it stops on position, not count. */
    static final class ReadSlice extends DoFn<Slice, SourceRecord> {
        private final String bootstrap;
        private final KafkaLogin login;

        ReadSlice(String bootstrap, KafkaLogin login) {
            this.bootstrap = bootstrap;
            this.login = login;
        }

        @ProcessElement
        public void process(@Element Slice slice, OutputReceiver<SourceRecord> out) {
            TopicPartition partition = new TopicPartition(slice.topic(), slice.partition());
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, login)) {
                consumer.assign(List.of(partition));
                consumer.seek(partition, slice.from());
                while (consumer.position(partition) < slice.to()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        if (record.offset() >= slice.to()) {
                            return;
                        }
                        out.output(new SourceRecord(slice.topic(), record.value() == null ? new byte[0] : record.value()));
                    }
                }
            }
        }
    }
}
