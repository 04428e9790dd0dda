package io.confab.orchestration.platform;

import com.datastax.oss.driver.api.core.CqlSession;
import io.confab.storage.cassandra.CassandraSchema;
import io.confab.storage.topics.Topic;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Applies storage's data contracts to the running servers, idempotently, at every start, each as soon
 * as its server is ready: the Kafka topics, the Cassandra keyspace and tables, the S3 bucket and the
 * PostgreSQL database. Applying them
 * twice changes nothing, so the same step works on a fresh data directory, a restart, and an
 * external cluster.
 */
final class ContractBootstrap {

    private ContractBootstrap() {
    }

    static void createTopics(PlatformConfig config, KafkaBroker kafka) throws StartupFailure {
        try (Admin admin = Admin.create(kafka.clientSettings())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replication = (short) Math.min(config.kafka().replicationFactor(), brokers);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> newTopic(topic, replication))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new StartupFailure("kafka", "creating the topics failed: " + e.getCause().getMessage(),
                    "see the broker's log");
        } catch (TimeoutException e) {
            throw new StartupFailure("kafka", "creating the topics timed out", "see the broker's log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupFailure("kafka", "interrupted while creating topics", null);
        }
    }

    private static NewTopic newTopic(Topic topic, short replication) {
        return new NewTopic(topic.name(), topic.partitions(), replication).configs(topic.config());
    }

    static void applyCassandraSchema(PlatformConfig config, CassandraNode cassandra) throws StartupFailure {
        try (CqlSession session = cassandra.ddlSession(Duration.ofSeconds(30))) {
            CassandraSchema.apply(session, config.cassandra().replicationFactor());
        } catch (RuntimeException e) {
            throw new StartupFailure("cassandra", "applying the schema failed: " + e.getMessage(), "see the node's log");
        }
    }

    static void createBucket(PlatformConfig config, S3Store s3) throws StartupFailure {
        String bucket = config.s3().bucket();
        try (S3Client client = s3.client()) {
            try {
                client.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                client.createBucket(b -> b.bucket(bucket));
            }
        } catch (S3Exception e) {
            throw new StartupFailure("s3", "creating bucket '" + bucket + "' failed: " + e.getMessage(),
                    "check --s3-access-key/--s3-secret-key and that the bucket name is free");
        } catch (RuntimeException e) {
            throw new StartupFailure("s3", "creating bucket '" + bucket + "' failed: " + e.getMessage(), null);
        }
    }

    static void createDatabase(PostgresServer postgres) throws StartupFailure {
        try {
            postgres.createDatabase();
            if (postgres.ownRoleForRealtimeCore()) {
                postgres.grantRealtimeCoreRole();
            }
        } catch (SQLException e) {
            throw new StartupFailure("postgres", "creating the database failed: " + e.getMessage(),
                    "check --postgres-user and --postgres-password");
        }
    }
}
