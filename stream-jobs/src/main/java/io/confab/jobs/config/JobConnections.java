package io.confab.jobs.config;

import io.confab.jobs.kafka.KafkaIo;
import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.kafka.OutboundRecord;
import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.s3.S3Endpoint;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Where a Flink job reads and writes: Kafka (with the job's consumer group), S3 and Cassandra, with
 * their logins; the keys {@link JobProperties#CONNECTION_KEYS} of every job's file, read by
 * {@link JobProperties#connections}. Each job's configuration record holds one.
 */
public record JobConnections(
        String kafkaBootstrap,
        KafkaLogin kafkaLogin,
        String consumerGroup,
        String s3Endpoint, String s3Region, String s3AccessKey, String s3SecretKey, String s3Bucket,
        String cassandraContactPoint, String cassandraDatacenter, CassandraLogin cassandraLogin) implements Serializable {

    /**
     * A source of {@code topics} in the job's consumer group, or in a group of its own named after it
     * ({@code groupSuffix} appended; "" for the job's group itself).
     */
    public KafkaSource<KafkaRecord> source(String groupSuffix, List<String> topics, OffsetResetStrategy reset) {
        return KafkaIo.source(kafkaBootstrap, kafkaLogin, consumerGroup + groupSuffix, topics, reset);
    }

    /** The sink of the job's records (its outputs and dead letters). */
    public KafkaSink<OutboundRecord> sink() {
        return KafkaIo.sink(kafkaBootstrap, kafkaLogin);
    }

    /** The S3 API the job writes to, built into a client on the TaskManager. */
    public S3Endpoint s3() {
        return S3Endpoint.pathStyle(s3Endpoint, s3Region, s3AccessKey, s3SecretKey);
    }

    /** The Cassandra the job writes to; a store opens its session on the TaskManager. */
    public CassandraContact cassandra() {
        return new CassandraContact(cassandraContactPoint, cassandraDatacenter, cassandraLogin);
    }
}
