package io.confab.orchestration.platform;

import com.datastax.oss.driver.api.core.CqlSession;
import io.confab.orchestration.SharedPlatform;
import io.confab.storage.cassandra.CassandraSchema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What was written before a stop is there after the next start over the same data directory. */
@ExtendWith(SharedPlatform.class)
class PlatformRestartTest {

    @Test
    void dataWrittenBeforeARestartIsReadAfterIt(SharedPlatform.Running running) throws Exception {
        String marker = UUID.randomUUID().toString();
        String topic = "test.restart." + marker;
        String key = "tests/restart/" + marker;
        Platform before = running.platform();

        PlatformRoundTripTest.createTopic(before.kafka().address(), topic);
        try (KafkaProducer<String, String> producer = PlatformRoundTripTest.producer(before.kafka().address())) {
            producer.send(new ProducerRecord<>(topic, "k", marker)).get(30, TimeUnit.SECONDS);
        }
        try (CqlSession session = session(before)) {
            session.execute("CREATE TABLE IF NOT EXISTS " + CassandraSchema.KEYSPACE + ".restart_check (id text PRIMARY KEY)");
            session.execute("INSERT INTO " + CassandraSchema.KEYSPACE + ".restart_check (id) VALUES (?)", marker);
        }
        try (S3Client s3 = before.s3().client()) {
            s3.putObject(b -> b.bucket(before.config().s3().bucket()).key(key), RequestBody.fromString(marker));
        }
        try (Connection connection = before.postgres().connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS restart_check (id text PRIMARY KEY)");
            statement.execute("INSERT INTO restart_check VALUES ('" + marker + "')");
        }
        String kafkaAddress = before.kafka().address();

        running.restart();
        Platform after = running.platform();

        assertEquals(kafkaAddress, after.kafka().address(), "ports chosen at the first start are kept");
        List<ConsumerRecord<String, String>> records =
                PlatformRoundTripTest.consume(after.kafka().address(), topic, 1, Duration.ofSeconds(60));
        assertEquals(marker, records.get(0).value());
        try (CqlSession session = session(after)) {
            assertNotNull(session.execute("SELECT id FROM " + CassandraSchema.KEYSPACE + ".restart_check WHERE id = ?", marker).one(),
                    "Cassandra row written before the restart");
        }
        try (S3Client s3 = after.s3().client()) {
            assertEquals(marker, s3.getObjectAsBytes(b -> b.bucket(after.config().s3().bucket()).key(key)).asUtf8String());
        }
        try (Connection connection = after.postgres().connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM restart_check WHERE id = '" + marker + "'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1), "PostgreSQL row written before the restart");
        }
    }

    private static CqlSession session(Platform platform) {
        return CassandraNode.session(platform.cassandra().address(), platform.cassandra().datacenter(), Duration.ofSeconds(30));
    }
}
