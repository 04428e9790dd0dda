package io.confab.jobs.recording;

import io.confab.jobs.recording.output.S3CassandraStore;
import io.confab.storage.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The cloud recording job: meeting.events and media.packets in, keyed by meeting, through the
 * {@link RecordingMixer}; segments, thumbnails and the finished files to S3 and Cassandra as it
 * goes; recording.artifacts, notifications and dead letters out to Kafka.
 *
 * <pre>
 * Kafka meeting.events ─┐
 *                       ├─▶ key by meeting ─▶ RecordingMixer ─▶ Kafka recording.artifacts, notifications, *.dlq
 * Kafka media.packets ──┘                         │
 *                                                 └─▶ S3 recordings/..., Cassandra recordings_by_*
 * </pre>
 *
 * Arguments: {@code --config FILE}, a properties file read by {@link MixerConfig} (the launcher
 * writes it; it holds the S3 keys, so it is not given on the command line).
 */
public final class RecordingMixerJob {

    static final String NAME = "confab recording mixer";

    private final Source<KafkaRecord, ?, ?> source;
    private final Source<KafkaRecord, ?, ?> artifacts;
    private final Sink<OutboundRecord> sink;
    private final MixerConfig config;
    private final RecordingEngine.Factory engines;
    private final RecordingMixer.SerializableStoreFactory stores;

    public RecordingMixerJob(Source<KafkaRecord, ?, ?> source, Source<KafkaRecord, ?, ?> artifacts, Sink<OutboundRecord> sink,
                             MixerConfig config, RecordingEngine.Factory engines, RecordingMixer.SerializableStoreFactory stores) {
        this.source = source;
        this.artifacts = artifacts;
        this.sink = sink;
        this.config = config;
        this.engines = engines;
        this.stores = stores;
    }

    public void build(StreamExecutionEnvironment env) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: meeting.events + media.packets").uid("recording-source")
                .keyBy(RecordingMixerJob::meetingId)
                .process(new RecordingMixer(config, engines, stores)).name("recording-mixer").uid("recording-mixer")
                .sinkTo(sink).name("kafka: recording.artifacts, notifications, dead letters").uid("recording-sink");
        // Post-processing is a pipeline of its own in the same job: a failure there restarts only
        // its region, never the mixer's.
        env.fromSource(artifacts, WatermarkStrategy.noWatermarks(), "kafka: recording.artifacts").uid("post-source")
                .keyBy(io.confab.jobs.recording.post.PostProcessor::recordingOf)
                .process(new io.confab.jobs.recording.post.PostProcessor(config, stores)).name("recording-post-processor").uid("post-processor")
                .sinkTo(sink).name("kafka: recording.artifacts (360p, contact sheet), dead letters").uid("post-sink");
    }

    /** The Kafka key: both topics are keyed by meeting id. A record without one is dead-lettered by the mixer. */
    static String meetingId(KafkaRecord record) {
        return record.key == null ? "" : new String(record.key, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        MixerConfig config = MixerConfig.read(Path.of(params.getRequired("config")));
        Configuration flink = new Configuration();
        // A lost task manager or a storage hiccup restarts the job from its last checkpoint; it
        // never gives up on its own (a recording in progress is worth waiting for).
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.enableCheckpointing(config.checkpointEvery().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(config.checkpointEvery().toMillis() / 2);
        new RecordingMixerJob(kafkaSource(config), artifactsSource(config), kafkaSink(config), config, new RecordingMix.Factory(),
                storeFactory(config)).build(env);
        env.execute(NAME);
    }

    static RecordingMixer.SerializableStoreFactory storeFactory(MixerConfig config) {
        return () -> new S3CassandraStore(config);
    }

    static KafkaSource<KafkaRecord> kafkaSource(MixerConfig config) {
        return KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(Topics.MEETING_EVENTS, Topics.MEDIA_PACKETS)
                .setGroupId(config.consumerGroup())
                // A first start reads the events from the beginning (rosters of meetings already
                // running); after that the checkpointed offsets rule.
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RecordDeserializer())
                .build();
    }

    static KafkaSource<KafkaRecord> artifactsSource(MixerConfig config) {
        return KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(Topics.RECORDING_ARTIFACTS)
                .setGroupId(config.consumerGroup() + "-post")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST))
                .setDeserializer(new RecordDeserializer())
                .build();
    }

    static KafkaSink<OutboundRecord> kafkaSink(MixerConfig config) {
        return KafkaSink.<OutboundRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((KafkaRecordSerializationSchema<OutboundRecord>) (record, context, timestamp) ->
                        new ProducerRecord<>(record.topic, record.key, record.value))
                .build();
    }

    private static final class RecordDeserializer implements KafkaRecordDeserializationSchema<KafkaRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) throws IOException {
            out.collect(new KafkaRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value()));
        }

        @Override
        public TypeInformation<KafkaRecord> getProducedType() {
            return TypeInformation.of(KafkaRecord.class);
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
        }
    }
}
