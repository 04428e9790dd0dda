package io.confab.jobs.kafka;

import io.confab.storage.kafka.KafkaLogin;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka ends every Flink job of Confab shares: sources that hand records on as undecoded
 * {@link KafkaRecord}s (decoding happens in the keyed operator, where a failure can be
 * dead-lettered), a sink of {@link OutboundRecord}s to whatever topic each names, and the restart
 * strategy of a job that must never give up on its own. Both ends authenticate with the job's
 * {@link KafkaLogin} where the broker requires it.
 */
public final class KafkaIo {

    /** A fetch waits for this much data or {@link #FETCH_MAX_WAIT}, whichever comes first. */
    static final int FETCH_MIN_BYTES = 64 * 1024;
    static final Duration FETCH_MAX_WAIT = Duration.ofMillis(100);

    private KafkaIo() {
    }

    /**
     * A first start reads from {@code firstStart} (EARLIEST for meeting.events: rosters of meetings
     * already running); after that the checkpointed offsets rule.
     */
    public static KafkaSource<KafkaRecord> source(String bootstrap, KafkaLogin login, String group, List<String> topics,
                                                  OffsetResetStrategy firstStart) {
        KafkaSourceBuilder<KafkaRecord> builder = KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topics)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(firstStart))
                .setDeserializer(new RecordDeserializer())
                // The broker answers a fetch once it has this much or the wait is up, not at the first
                // record: media.packets comes in a stream of 10 ms batches, and answering each one was
                // a fetch per batch for consumer and broker alike; the transcription source's fetcher
                // thread took more CPU than the transcriber (JFR, 2026-12-05). 100 ms is a twentieth
                // of the captions' 2 s.
                .setProperty("fetch.min.bytes", Integer.toString(FETCH_MIN_BYTES))
                .setProperty("fetch.max.wait.ms", Long.toString(FETCH_MAX_WAIT.toMillis()));
        login.clientProperties().forEach(builder::setProperty);
        return builder.build();
    }

    public static KafkaSink<OutboundRecord> sink(String bootstrap, KafkaLogin login) {
        KafkaSinkBuilder<OutboundRecord> builder = KafkaSink.<OutboundRecord>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((KafkaRecordSerializationSchema<OutboundRecord>) (record, context, timestamp) ->
                        new ProducerRecord<>(record.topic, record.key, record.value));
        login.clientProperties().forEach(builder::setProperty);
        return builder.build();
    }

    /**
     * The login in a job's configuration file: {@code kafka.user} and {@code kafka.password} (the file
     * is a secret of mode 0600, like the S3 key in it), or none when neither is there.
     */
    public static KafkaLogin login(Properties jobConfig, String job) {
        String user = jobConfig.getProperty("kafka.user");
        String password = jobConfig.getProperty("kafka.password");
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException(job + ": kafka.user and kafka.password go together: give both or neither");
        }
        return user == null ? KafkaLogin.NONE : new KafkaLogin(user.strip(), password.strip());
    }

    /** A lost task manager or a storage hiccup restarts the job from its last checkpoint, backing off up to 30 s, forever. */
    public static Configuration restartForever() {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        return flink;
    }

    private static final class RecordDeserializer implements KafkaRecordDeserializationSchema<KafkaRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) throws IOException {
            out.collect(new KafkaRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    Math.max(0, record.timestamp())));
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
