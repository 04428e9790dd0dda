package io.confab.jobs.recording;

import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.kafka.KafkaIo;
import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.recording.output.S3CassandraStore;
import io.confab.storage.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The cloud recording job: meeting.events and media.packets in, keyed by meeting, through the
 * {@link RecordingMixer}; segments, thumbnails and the finished files to S3 and Cassandra as it
 * goes; recording.artifacts, notifications and dead letters out to Kafka.
 *
 * <pre>
 * Kafka meeting.events ─┐
 *                       ├─▶ key by meeting ─▶ RecordingMixer ─▶ Kafka *.dlq
 * Kafka media.packets ──┘                         │ (segments to S3)
 *                                                 └─ FinalizeRecording ─▶ key by recording ─▶ RecordingFinisher
 *                                                          ─▶ S3 files, Cassandra recordings_by_* ─▶ Kafka recording.artifacts, notifications
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
        SingleOutputStreamOperator<OutboundRecord> mixed = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: meeting.events + media.packets").uid("recording-source")
                .keyBy(RecordingMixerJob::meetingId)
                .process(new RecordingMixer(config, engines, stores)).name("recording-mixer").uid("recording-mixer");
        mixed.sinkTo(sink).name("kafka: dead letters").uid("recording-sink");
        // Finalizing is a task of its own (the key change to the recording id breaks the chain, so
        // it runs on its own thread): a long mux never holds back the mixing of other meetings.
        mixed.getSideOutput(RecordingMixer.TO_FINISH)
                .keyBy(RecordingFinisher::recordingOf)
                .process(new RecordingFinisher(config, stores)).name("recording-finisher").uid("recording-finisher")
                .sinkTo(sink).name("kafka: recording.artifacts, notifications").uid("finisher-sink");
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
        // A lost task manager or a storage hiccup restarts the job from its last checkpoint; it
        // never gives up on its own (a recording in progress is worth waiting for).
        Configuration flink = KafkaIo.restartForever();
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
        return config.connections().source("", List.of(Topics.MEETING_EVENTS, Topics.MEDIA_PACKETS), OffsetResetStrategy.EARLIEST);
    }

    static KafkaSource<KafkaRecord> artifactsSource(MixerConfig config) {
        return config.connections().source("-post", List.of(Topics.RECORDING_ARTIFACTS), OffsetResetStrategy.LATEST);
    }

    static KafkaSink<OutboundRecord> kafkaSink(MixerConfig config) {
        return config.connections().sink();
    }
}
