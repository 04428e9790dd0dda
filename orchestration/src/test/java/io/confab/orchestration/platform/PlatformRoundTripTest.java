package io.confab.orchestration.platform;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.confab.orchestration.SharedPlatform;
import io.confab.storage.cassandra.CassandraSchema;
import io.confab.storage.topics.Topic;
import io.confab.storage.topics.Topics;
import io.confab.testing.Eventually;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each real server of the embedded platform takes data and gives it back. */
@ExtendWith(SharedPlatform.class)
class PlatformRoundTripTest {

    @Test
    void everyComponentReportsHealthy(SharedPlatform.Running running) {
        for (Component component : running.platform().components()) {
            Health health = component.check();
            assertTrue(health.healthy(), component.name() + " should be healthy, was: " + health.detail());
        }
    }

    @Test
    void kafkaRecordIsConsumedBack(SharedPlatform.Running running) throws Exception {
        String bootstrap = running.platform().kafka().address();
        String topic = "test.roundtrip." + UUID.randomUUID();
        createTopic(bootstrap, topic);
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(topic, "meeting-1", "hello kafka")).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> records = consume(bootstrap, topic, 1, Duration.ofSeconds(60));
        assertEquals("meeting-1", records.get(0).key());
        assertEquals("hello kafka", records.get(0).value());
    }

    @Test
    void everyContractTopicExists(SharedPlatform.Running running) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, running.platform().kafka().address()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (Topic topic : Topics.ALL) {
                assertTrue(names.contains(topic.name()), "topic " + topic.name() + " missing; broker has " + names);
            }
            int partitions = admin.describeTopics(List.of(Topics.MEETING_EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.MEETING_EVENTS).partitions().size();
            int expected = Topics.ALL.stream().filter(t -> t.name().equals(Topics.MEETING_EVENTS)).findFirst().orElseThrow().partitions();
            assertEquals(expected, partitions, "partitions of " + Topics.MEETING_EVENTS);
        }
    }

    @Test
    void cassandraRowWrittenThroughTheDriverIsReadBack(SharedPlatform.Running running) {
        CassandraNode cassandra = running.platform().cassandra();
        try (CqlSession session = CassandraNode.session(cassandra.address(), cassandra.datacenter(), Duration.ofSeconds(30))) {
            session.execute("CREATE TABLE IF NOT EXISTS " + CassandraSchema.KEYSPACE
                    + ".platform_check (id uuid PRIMARY KEY, note text)");
            UUID id = UUID.randomUUID();
            session.execute(session.prepare("INSERT INTO " + CassandraSchema.KEYSPACE + ".platform_check (id, note) VALUES (?, ?)")
                    .bind(id, "hello cassandra"));
            Row row = session.execute(session.prepare("SELECT note FROM " + CassandraSchema.KEYSPACE + ".platform_check WHERE id = ?")
                    .bind(id)).one();
            assertEquals("hello cassandra", row == null ? null : row.getString("note"));
        }
    }

    @Test
    void cassandraSchemaIsAppliedAndReapplyingChangesNothing(SharedPlatform.Running running) {
        CassandraNode cassandra = running.platform().cassandra();
        try (CqlSession session = CassandraNode.session(cassandra.address(), cassandra.datacenter(), Duration.ofSeconds(30))) {
            int before = tableCount(session);
            assertTrue(before >= 5, "the confab keyspace should hold the contract's tables, has " + before);
            CassandraSchema.apply(session, 1);
            assertEquals(before, tableCount(session), "applying the schema again must be a no-op");
        }
    }

    private static int tableCount(CqlSession session) {
        return session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?",
                CassandraSchema.KEYSPACE).all().size();
    }

    @Test
    void s3ObjectIsPutReadListedAndDeleted(SharedPlatform.Running running) {
        String bucket = running.platform().config().s3().bucket();
        String key = "tests/" + UUID.randomUUID() + "/hello.txt";
        try (S3Client s3 = running.platform().s3().client()) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain"), RequestBody.fromString("hello s3"));
            assertEquals("hello s3", s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
            List<String> listed = s3.listObjectsV2(b -> b.bucket(bucket).prefix("tests/")).contents().stream()
                    .map(S3Object::key).toList();
            assertTrue(listed.contains(key), "listing should contain " + key + ", was " + listed);
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)));
        }
    }

    @Test
    void postgresRowGoesInAndComesBack(SharedPlatform.Running running) throws Exception {
        try (Connection connection = running.platform().postgres().connect();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS platform_check (id uuid PRIMARY KEY, note text NOT NULL)");
            UUID id = UUID.randomUUID();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO platform_check VALUES (?, ?)")) {
                insert.setObject(1, id);
                insert.setString(2, "hello postgres");
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT note FROM platform_check WHERE id = ?")) {
                select.setObject(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next(), "row " + id + " should be found");
                    assertEquals("hello postgres", rs.getString(1));
                }
            }
        }
    }

    @Test
    void flinkJobOnTheSessionClusterRelaysKafkaToKafka(SharedPlatform.Running running) throws Exception {
        Platform platform = running.platform();
        String bootstrap = platform.kafka().address();
        String from = "test.relay.in." + UUID.randomUUID();
        String to = "test.relay.out." + UUID.randomUUID();
        createTopic(bootstrap, from);
        createTopic(bootstrap, to);
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(from, "meeting-" + i, "event-" + i));
            }
            producer.flush();
        }
        FlinkRest flink = platform.flink().rest();
        String jobId = flink.submit(new Installation(SharedPlatform.HOME).streamJobsJar(),
                "io.confab.jobs.relay.TopicRelayJob", List.of("--bootstrap", bootstrap, "--from", from, "--to", to), 1);
        try {
            List<ConsumerRecord<String, String>> relayed = consume(bootstrap, to, 10, Duration.ofSeconds(120));
            List<String> values = relayed.stream().map(r -> r.key() + "=" + r.value()).sorted().toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add("meeting-" + i + "=event-" + i);
            }
            assertEquals(expected.stream().sorted().toList(), values);
            assertEquals("RUNNING", flink.jobState(jobId));
        } finally {
            flink.cancel(jobId);
        }
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    static List<ConsumerRecord<String, String>> consume(String bootstrap, String topic, int count, Duration timeout) throws InterruptedException {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Eventually.within(timeout).every(Duration.ZERO).holds(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.size() >= count;
            });
        }
        assertEquals(count, records.size(), "records consumed from " + topic + " within " + timeout.toSeconds() + " s");
        return records;
    }
}
