package io.confab.jobs.relay;

import io.confab.storage.kafka.KafkaLogin;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;

/**
 * Copies every record of one Kafka topic to another, key and value untouched. The smallest real
 * job: it proves a Flink cluster can read and write the platform's Kafka (the foundation's platform
 * test submits it), and it is the tool for replaying a dead-letter topic into its source topic
 * once the cause is fixed.
 *
 * <p>Arguments: {@code --bootstrap HOST:PORT --from TOPIC --to TOPIC [--group ID]
 * [--kafka-user USER --kafka-password-file FILE]}. The login (SCRAM-SHA-512, storage's
 * {@link KafkaLogin}) is what a broker on a non-loopback internal address requires; the password
 * comes from a file, so it is on no command line (the file is read where the main method runs: the
 * JobManager, or the client JVM that submits the job).
 */
public final class TopicRelayJob {

    private final Source<KeyedBytes, ?, ?> source;
    private final Sink<KeyedBytes> sink;

    public TopicRelayJob(Source<KeyedBytes, ?, ?> source, Sink<KeyedBytes> sink) {
        this.source = source;
        this.sink = sink;
    }

    /** The topology: source, sink, nothing in between. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<KeyedBytes> records = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-source");
        records.sinkTo(sink).name("kafka-sink");
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        String bootstrap = params.getRequired("bootstrap");
        String from = params.getRequired("from");
        String to = params.getRequired("to");
        String group = params.get("group", "confab-relay-" + from + "-" + to);
        KafkaLogin login;
        try {
            login = KafkaLogin.of(params.get("kafka-user"), params.get("kafka-password-file"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TopicRelayJob: " + e.getMessage(), e);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new TopicRelayJob(kafkaSource(bootstrap, login, from, group), kafkaSink(bootstrap, login, to)).build(env);
        env.execute("relay " + from + " -> " + to);
    }

    static KafkaSource<KeyedBytes> kafkaSource(String bootstrap, KafkaLogin login, String topic, String group) {
        KafkaSourceBuilder<KeyedBytes> builder = KafkaSource.<KeyedBytes>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KeyedBytesDeserializer());
        login.clientProperties().forEach(builder::setProperty);
        return builder.build();
    }

    static KafkaSink<KeyedBytes> kafkaSink(String bootstrap, KafkaLogin login, String topic) {
        KafkaSinkBuilder<KeyedBytes> builder = KafkaSink.<KeyedBytes>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((KafkaRecordSerializationSchema<KeyedBytes>) (record, context, timestamp) ->
                        new ProducerRecord<>(topic, record.key(), record.value()));
        login.clientProperties().forEach(builder::setProperty);
        return builder.build();
    }

    /** A Kafka record's key and value as they are on the wire. */
    public record KeyedBytes(byte[] key, byte[] value) {
    }

    private static final class KeyedBytesDeserializer implements KafkaRecordDeserializationSchema<KeyedBytes> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KeyedBytes> out) throws IOException {
            out.collect(new KeyedBytes(record.key(), record.value()));
        }

        @Override
        public TypeInformation<KeyedBytes> getProducedType() {
            return TypeInformation.of(KeyedBytes.class);
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
        }
    }
}
