package io.confab.orchestration.exposure;

import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.meetings.MeetingServiceClient;
import io.confab.orchestration.platform.CassandraNode;
import io.confab.orchestration.platform.Component;
import io.confab.orchestration.platform.Health;
import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.InternalCredentials;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.PlatformState;
import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.topics.Topics;
import io.confab.testing.Eventually;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #18 item 1 on the real platform: started with {@code --host} on this machine's non-loopback
 * address and {@code --internal-host} on another non-loopback address (one the test adds to the
 * loopback interface: traffic to it never leaves the machine), the web server answers on the public address and every internal server refuses a
 * connection there; on the internal address they answer but require the generated credentials (Flink
 * without jar upload, the jobs still submitted; Kafka only for Confab's SCRAM user, which every
 * client of the platform then uses end to end); the secrets are mode 0600 and on no child's command
 * line.
 *
 * <p>A platform of its own, started as a user starts one ({@code confab up --detach}, a process of
 * its own) and stopped with {@code confab down}: the same start also serves the detached lifecycle
 * ({@code up --detach}, {@code status --json}, {@code down} leaving nothing), as a platform start is
 * the suite's dearest step. The checks reach the running platform through its state file
 * ({@code run/platform.json}), as {@code confab status} does: {@link Platform#describe} gives each
 * component at the address, ports and logins it runs with, without starting anything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicAddressTest {

    private static final List<String> COMPONENTS = List.of("postgres", "s3", "kafka", "cassandra", "flink", "usage", "data-api", "web", "turn", "sfu");
    /** The Flink job names the launcher's two streaming jobs run under (stream-jobs' {@code RecordingMixerJob.NAME}, {@code TranscriptionJob.NAME}). */
    private static final String RECORDING_JOB = "confab recording mixer";
    private static final String TRANSCRIPTION_JOB = "confab transcription";
    /** How long a client that is refused by silence waits for an answer (it was 8 s and 5 s: 10 s of the suite). */
    private static final Duration NO_ANSWER_WITHIN = Duration.ofSeconds(3);
    /** How long a client the broker answers (refusing its SCRAM guess, or letting Confab's login in) may take. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(8);

    private static PublicInterface publicInterface;
    private static PublicInterface internalInterface;
    private static Path data;
    private static Cli.Result up;
    private static PlatformState state;
    /** The running platform's components as its state file describes them; nothing started by this JVM. */
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        publicInterface = PublicInterface.find();
        internalInterface = PublicInterface.create("198.18.77.2");
        data = SharedPlatform.newDataDir("pub");
        // No S3 secret given: generated beyond loopback, as for any user.
        up = Cli.run(Duration.ofSeconds(420), "up", "--detach", "--random-ports", "--host", publicInterface.address(),
                "--internal-host", internalInterface.address(), "--data-dir", data.toString());
        up.out().lines().forEach(line -> System.out.println("[public-address] " + line));
        assertEquals(0, up.exitCode(), "up --detach: " + up.out() + up.err());
        state = PlatformState.read(data).orElseThrow(() -> new AssertionError("up --detach wrote no " + PlatformState.file(data)));
        platform = Platform.describe(state.config());
    }

    @AfterAll
    static void stop() {
        try {
            // A failed check must not leave a detached platform running for the rest of the suite:
            // when the last test did not get as far as its `confab down`, down runs here.
            if (data != null && (PlatformState.read(data).isPresent() || !Cli.processesUsing(data).isEmpty())) {
                Cli.Result down = Cli.run(Duration.ofSeconds(180), "down", "--data-dir", data.toString());
                System.out.println("[public-address] down after a failed check: exit " + down.exitCode() + " " + down.out() + down.err());
            }
        } finally {
            if (publicInterface != null) {
                publicInterface.close();
            }
            if (internalInterface != null) {
                internalInterface.close();
            }
        }
    }

    /** The detached start as a user sees it: progress names every component, and {@code status --json} finds each healthy. */
    @Test
    @Order(1)
    void upDetachedNamesEveryComponentAndStatusFindsEachHealthy() throws Exception {
        for (String component : COMPONENTS) {
            assertTrue(up.out().contains("  " + component + " "), "progress names " + component + ": " + up.out());
        }
        Cli.Result status = Cli.run(Duration.ofSeconds(60), "status", "--json", "--data-dir", data.toString());
        assertEquals(0, status.exitCode(), "status exit code: " + status.out() + status.err());
        JsonNode json = new ObjectMapper().readTree(status.out());
        List<String> names = new ArrayList<>();
        for (JsonNode component : json.path("components")) {
            names.add(component.path("name").asText());
            assertTrue(component.path("healthy").asBoolean(), component.toString());
            assertFalse(component.path("address").asText().isBlank(), component.toString());
        }
        assertEquals(COMPONENTS, names);
        // Additive field: the components with a Prometheus endpoint of their own name it, on the internal address.
        String metrics = json.path("components").get(COMPONENTS.indexOf("data-api")).path("metrics").asText();
        assertTrue(metrics.startsWith("http://" + internalInterface.address() + ":") && metrics.endsWith("/actuator/prometheus"),
                json.toString());

        // The state file holds the ports chosen at start-up, TURN's TLS port among them.
        String turnAddress = json.path("components").get(COMPONENTS.indexOf("turn")).path("address").asText();
        int tlsPort = Integer.parseInt(turnAddress.replaceAll("(?s).*turns:[^:]+:(\\d+).*", "$1"));
        JsonNode written = new ObjectMapper().readTree(PlatformState.file(data).toFile());
        assertEquals(tlsPort, written.path("config").path("turn").path("tlsPort").asInt(), written.path("config").toString());
    }

    @Test
    @Order(2)
    void onlyThePublicServersAnswerOnThePublicAddress() throws InterruptedException {
        String address = publicInterface.address();
        assertEquals(internalInterface.address(), platform.config().internalHost());
        assertTrue(platform.web().address().startsWith("https://" + address + ":"), "web advertises the public address: "
                + platform.web().address());
        awaitHealthy(platform.web(), "web answers on " + platform.web().address());
        awaitHealthy(platform.turn(), "TURN answers STUN on " + platform.turn().address());
        awaitHealthy(platform.sfu(), "the SFU answers on " + platform.sfu().address());

        List<String> checked = new ArrayList<>();
        for (Component component : List.of(platform.kafka(), platform.cassandra(), platform.s3(), platform.postgres(),
                platform.flink(), platform.dataApi(), platform.usage())) {
            awaitHealthy(component, component.name() + " is up (on the internal address)");
            for (Map.Entry<String, Integer> port : component.ports().entrySet()) {
                assertRefused(address, port.getValue(), component.name() + " " + port.getKey());
                checked.add(component.name() + " " + port.getKey());
            }
        }
        assertRefused(address, platform.web().ports().get("--web-metrics-port"), "web metrics");
        assertRefused(address, Integer.parseInt(platform.metricsAddress().replaceAll(".*:(\\d+)/.*", "$1")), "launcher metrics");
        assertTrue(checked.containsAll(List.of("kafka --kafka-port", "cassandra --cassandra-port", "s3 --s3-port",
                "postgres --postgres-port", "flink --flink-port", "flink --flink-rpc-port",
                "flink --flink-jobmanager-metrics-port", "flink --flink-taskmanager-metrics-port")), "checked " + checked);
    }

    @Test
    @Order(3)
    void onTheInternalAddressTheServersRequireCredentials() throws Exception {
        String internal = internalInterface.address();
        assertTrue(platform.postgres().address().startsWith(internal + ":"), platform.postgres().address());
        // PostgreSQL: no password, no entry; realtime-core's own role is no superuser.
        java.util.Properties anonymous = new java.util.Properties();
        anonymous.setProperty("user", "postgres");
        java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> java.sql.DriverManager.getConnection(platform.postgres().jdbcUrl(), anonymous).close());
        assertTrue(refused.getMessage().contains("password"), refused.getMessage());
        try (java.sql.Connection connection = platform.postgres().connect();
             java.sql.ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'confab_core'")) {
            assertTrue(rs.next(), "realtime-core's role exists");
            assertFalse(rs.getBoolean(1) || rs.getBoolean(2) || rs.getBoolean(3), "confab_core has no superuser rights");
        }
        // S3: the well-known keys are refused, the generated ones work.
        assertFalse(PlatformConfig.S3.DEFAULT_SECRET_KEY.equals(platform.config().s3().secretKey()));
        try (var wellKnown = io.confab.storage.s3.S3Endpoint.pathStyle(platform.s3().address(), "us-east-1",
                PlatformConfig.S3.DEFAULT_ACCESS_KEY, PlatformConfig.S3.DEFAULT_SECRET_KEY)
                .client(io.confab.storage.s3.S3Endpoint.Timeouts.REQUESTS)) {
            org.junit.jupiter.api.Assertions.assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                    wellKnown::listBuckets);
        }
        assertTrue(platform.s3().check().healthy(), platform.s3().check().detail());
        // Flink: no jar upload, and both jobs run all the same (submitted from a client JVM).
        java.net.http.HttpResponse<String> upload = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.flink().address() + "/jars/upload"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, upload.statusCode(), "jar upload is off: " + upload.body());
        String recordingJob = onlyJobNamed(RECORDING_JOB);
        String transcriptionJob = onlyJobNamed(TRANSCRIPTION_JOB);
        assertEquals("RUNNING", platform.flink().rest().jobState(recordingJob));
        assertEquals("RUNNING", platform.flink().rest().jobState(transcriptionJob));
        // Cassandra: no login, no entry, and the well-known default superuser is retired; Confab's
        // role works, and every client logged in with it: data-api and the usage meter started (they
        // open their sessions at start), and neither job failed opening its store.
        String cql = platform.cassandra().address();
        assertTrue(cql.startsWith(internal + ":"), cql);
        RuntimeException anonymousCql = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> CassandraNode.session(cql, "datacenter1", java.time.Duration.ofSeconds(10)).close());
        assertTrue(anonymousCql.toString().contains("Authentication"), anonymousCql.toString());
        String[] hostPort = cql.split(":");
        RuntimeException defaultSuperuser = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> com.datastax.oss.driver.api.core.CqlSession.builder()
                        .addContactPoint(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                        .withLocalDatacenter("datacenter1").withAuthCredentials("cassandra", "cassandra").build().close());
        assertTrue(defaultSuperuser.toString().contains("Authentication"), defaultSuperuser.toString());
        try (var session = platform.cassandra().session(java.time.Duration.ofSeconds(10))) {
            var retired = session.execute("SELECT can_login, is_superuser FROM system_auth.roles WHERE role = 'cassandra'").one();
            assertFalse(retired.getBoolean(0) || retired.getBoolean(1), "the default superuser can neither log in nor rule");
        }
        assertEquals("", platform.flink().rest().rootException(recordingJob), "the recording job's store opened");
        assertEquals("", platform.flink().rest().rootException(transcriptionJob), "the transcription job's store opened");
    }

    /**
     * Kafka on the internal address: a client without SASL learns nothing, a SCRAM guess is an
     * authentication error, and Confab's own login works. Then the platform's clients, each with
     * that login: realtime-core publishes a new meeting's event, the usage meter (Kafka Streams,
     * exactly once: transactions, so the broker's own SCRAM client too) and both Flink jobs commit
     * offsets past it, and data-api's two listeners hold their consumer groups.
     */
    @Test
    @Order(4)
    void kafkaRefusesAnyoneWithoutConfabsLoginWhileThePlatformsClientsWork() throws Exception {
        String bootstrap = platform.kafka().address();
        assertTrue(bootstrap.startsWith(internalInterface.address() + ":"), bootstrap);
        // Silence is the refusal here: a broker that let an anonymous client in answers within
        // milliseconds on this machine, so three seconds without an answer tell them apart.
        ExecutionException plaintext = assertThrows(ExecutionException.class, () -> brokers(Map.of(), NO_ANSWER_WITHIN));
        assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, plaintext.getCause(),
                "a client without SASL gets no answer: " + plaintext);
        for (KafkaLogin guess : List.of(new KafkaLogin(InternalCredentials.KAFKA_USER, "guessed"), new KafkaLogin("admin", "admin"))) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> brokers(guess.clientProperties(), ANSWER_WITHIN));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), guess + " is refused: " + refused);
        }
        try (KafkaProducer<String, byte[]> anonymous = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) NO_ANSWER_WITHIN.toMillis()), new StringSerializer(), new ByteArraySerializer())) {
            ExecutionException unsent = assertThrows(ExecutionException.class, () -> anonymous.send(
                    new ProducerRecord<>(Topics.MEETING_EVENTS, "forged", new byte[]{1})).get(30, TimeUnit.SECONDS));
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, unsent.getCause(), unsent.toString());
        }
        assertEquals(1, brokers(platform.kafka().login().clientProperties(), ANSWER_WITHIN), "Confab's login is let in");

        MeetingServiceClient meetings = new MeetingServiceClient(java.net.http.HttpClient.newBuilder().sslContext(io.confab.core.http.LoopbackTls.trustingAll())
                .connectTimeout(Duration.ofSeconds(10)).build(), platform.web().address());
        String token = meetings.newAccount("exposed", "a long passphrase", "Exposed Host");
        String meetingId = meetings.post("/api/meetings", Map.of("topic", "Behind SCRAM", "type", "INSTANT",
                "settings", Map.of("waitingRoom", false, "joinBeforeHost", true)), token).path("id").asText();
        ConsumerRecord<String, byte[]> created = firstEventOf(meetingId);
        TopicPartition partition = new TopicPartition(Topics.MEETING_EVENTS, created.partition());
        try (Admin admin = Admin.create(platform.kafka().clientSettings())) {
            // Group ids: the meter's application id and the jobs' kafka.group defaults, as the launcher leaves them.
            for (String group : List.of("confab-usage-meter", "confab-recording-mixer", "confab-transcription")) {
                Eventually.within(Duration.ofSeconds(120)).every(Duration.ofSeconds(1)).until(group + " committed past offset "
                        + created.offset() + " of " + partition, () -> committed(admin, group, partition), next -> next > created.offset());
            }
            for (String group : List.of("data-api-webhooks", "data-api-quality")) {
                Eventually.within(Duration.ofSeconds(60)).every(Duration.ofSeconds(1)).until(group + " has a member",
                        () -> admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members().size(),
                        members -> members > 0);
            }
        }
    }

    /**
     * Issue #18's leftover in stream-jobs: the relay job (the tool that replays a dead-letter topic)
     * given Confab's login by {@code --kafka-user} and {@code --kafka-password-file} copies a topic on
     * this SCRAM-only broker. Without a login its source and sink get no answer, and nothing arrives.
     */
    @Test
    @Order(5)
    void theRelayJobCopiesATopicWithConfabsKafkaLogin() throws Exception {
        String from = "test.relay.in." + UUID.randomUUID();
        String to = "test.relay.out." + UUID.randomUUID();
        try (Admin admin = Admin.create(platform.kafka().clientSettings())) {
            admin.createTopics(List.of(new NewTopic(from, 1, (short) 1), new NewTopic(to, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerSettings = platform.kafka().clientSettings();
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(from, "meeting-" + i, "event-" + i)).get(30, TimeUnit.SECONDS);
                sent.add("meeting-" + i + "=event-" + i);
            }
        }
        String jobId = platform.flink().submitFromClient(new Installation(SharedPlatform.HOME).streamJobsJar(),
                "io.confab.jobs.relay.TopicRelayJob", List.of("--bootstrap", platform.kafka().address(), "--from", from, "--to", to,
                        "--kafka-user", InternalCredentials.KAFKA_USER,
                        "--kafka-password-file", InternalCredentials.kafkaPasswordFile(platform.config()).toString()), 1);
        try {
            Map<String, Object> consumerSettings = platform.kafka().clientSettings();
            consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
            consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> relayed = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(to));
                Eventually.within(Duration.ofSeconds(120)).every(Duration.ZERO).until("the relay job copied " + sent.size()
                        + " records from " + from + " to " + to, () -> {
                            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                                relayed.add(record.key() + "=" + record.value());
                            }
                            return relayed.size();
                        }, copied -> copied >= sent.size());
            }
            assertEquals(sent, relayed.stream().sorted().toList());
            assertEquals("RUNNING", platform.flink().rest().jobState(jobId));
        } finally {
            platform.flink().rest().cancel(jobId);
        }
    }

    /**
     * {@code confab bench usage} on an exposed platform: it produces with Confab's Kafka login and
     * reads the totals from Cassandra with Confab's Cassandra login, found through the platform's
     * state file, as the platform's own clients do (before, it opened Cassandra without a login and
     * failed here). The figures are not checked: only that every event was metered and every
     * delay sample reached Cassandra.
     */
    @Test
    @Order(6)
    void theUsageBenchLogsInAsThePlatformsClientsDo() throws Exception {
        Cli.Result bench = Cli.run(Duration.ofSeconds(400), "bench", "usage", "--data-dir", platform.config().dataDir().toString(),
                "--events", "400", "--delay-samples", "3", "--json");
        assertEquals(0, bench.exitCode(), "confab bench usage: " + bench.out() + bench.err());
        com.fasterxml.jackson.databind.JsonNode figures = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(bench.out().strip().lines().reduce((first, second) -> second).orElseThrow());
        assertEquals(400, figures.path("events").asLong(), bench.out());
        assertEquals(3, figures.path("delaySamples").asInt(), bench.out());
    }

    /** The brokers a client with these settings learns of within {@code timeout} (an admin client; failures are the future's). */
    private static int brokers(Map<String, String> login, Duration timeout) throws Exception {
        Map<String, Object> settings = new HashMap<>(login);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().address());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(settings)) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        }
    }

    /** The first meeting.events record of the meeting, read with Confab's login. */
    private static ConsumerRecord<String, byte[]> firstEventOf(String meetingId) throws InterruptedException {
        Map<String, Object> settings = platform.kafka().clientSettings();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.MEETING_EVENTS));
            return Eventually.within(Duration.ofSeconds(60)).every(Duration.ZERO).until("meeting " + meetingId + "'s first event on "
                    + Topics.MEETING_EVENTS, () -> {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                            if (meetingId.equals(record.key())) {
                                return record;
                            }
                        }
                        return null;
                    }, java.util.Objects::nonNull);
        }
    }

    /** The group's committed offset of the partition (the next one it reads), or -1 when none. */
    private static long committed(Admin admin, String group, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .get(partition);
        return offset == null ? -1 : offset.offset();
    }

    @Test
    @Order(7)
    void secretsAreOwnerOnlyAndOnNoCommandLine() throws Exception {
        Path data = platform.config().dataDir();
        List<Path> secrets = List.of(data.resolve("realtime-core/token.secret"), data.resolve("turn/shared.secret"),
                data.resolve("realtime-core/operator.key"), data.resolve("realtime-core/jdbc.password"),
                data.resolve("data-api/s3.secret"), data.resolve("s3/s3proxy.properties"), data.resolve("run/platform.json"),
                data.resolve("jobs/recording-mixer.properties"), data.resolve("jobs/transcription.properties"),
                data.resolve("secrets/s3.secret-key"), data.resolve("secrets/postgres.password"),
                data.resolve("secrets/postgres-core.password"), data.resolve("secrets/cassandra.password"),
                data.resolve("secrets/kafka.password"), data.resolve("kafka/server.properties"));
        for (Path secret : secrets) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret + " mode");
        }
        List<String> values = new ArrayList<>();
        for (Path secret : secrets.subList(0, 3)) {
            values.add(Files.readString(secret).strip());
        }
        values.add(platform.config().s3().secretKey());
        values.add(platform.config().postgres().password());
        values.add(Files.readString(data.resolve("secrets/postgres-core.password")).strip());
        values.add(Files.readString(data.resolve("secrets/cassandra.password")).strip());
        values.add(Files.readString(data.resolve("secrets/kafka.password")).strip());
        assertFalse(Files.exists(data.resolve("kafka/format-scram.args")), "the storage tool's argument file is gone after formatting");
        // The components' processes as the launcher recorded them, and every process naming the data
        // directory (the detached launcher among them).
        TreeSet<Long> pids = new TreeSet<>();
        state.components().forEach(c -> pids.addAll(c.pids()));
        assertFalse(pids.isEmpty());
        Cli.processesUsing(data).forEach(p -> pids.add(Long.parseLong(p.substring(0, p.indexOf(':')))));
        for (long pid : pids) {
            Path cmdline = Path.of("/proc/" + pid + "/cmdline");
            if (!Files.exists(cmdline)) {
                continue;
            }
            String line = Files.readString(cmdline).replace('\0', ' ');
            for (String value : values) {
                assertFalse(line.contains(value), "process " + pid + " has a secret on its command line: " + line);
            }
        }
        for (Path log : Files.list(data.resolve("logs")).toList()) {
            String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String value : values) {
                assertFalse(text.contains(value), log + " holds a secret");
            }
        }
    }

    /**
     * Last: {@code confab down} stops the detached platform and leaves no process over its data
     * directory, and {@code status} then reports it unhealthy.
     */
    @Test
    @Order(8)
    void downLeavesNothingRunningAndStatusThenReportsUnhealthy() {
        Cli.Result down = Cli.run(Duration.ofSeconds(180), "down", "--data-dir", data.toString());
        assertEquals(0, down.exitCode(), "down: " + down.out() + down.err());
        assertEquals(List.of(), Cli.processesUsing(data), "down leaves no process behind");

        Cli.Result after = Cli.run(Duration.ofSeconds(60), "status", "--data-dir", data.toString(), "--random-ports");
        assertEquals(1, after.exitCode(), "status after down reports unhealthy: " + after.out());
        assertTrue(after.out().contains("UNHEALTHY"), after.out());
    }

    /**
     * The id of the one job of the Flink cluster named {@code name}: the launcher's job ids live in
     * its own JVM, so the test finds its jobs by name, as an operator does in Flink's REST API.
     */
    private static String onlyJobNamed(String name) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode job : platform.flink().rest().jobs().path("jobs")) {
            String id = job.path("id").asText();
            if (name.equals(platform.flink().rest().job(id).path("name").asText())) {
                ids.add(id);
            }
        }
        assertEquals(1, ids.size(), "one job named '" + name + "' on " + platform.flink().address() + ": " + ids);
        return ids.get(0);
    }

    /**
     * The component's own health check passes. This JVM is a client of a platform another process
     * started, and its first check of a kind pays for the client's own start-up (the JDK's TLS, a
     * SCRAM login) within the check's few seconds, which the launcher had already paid: seen at load
     * 35, the web's first check timed out and the next one answered. So a check may be repeated for
     * a while; what is checked is that the server answers there, not how fast a cold client is.
     */
    private static void awaitHealthy(Component component, String what) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(60)).every(Duration.ofSeconds(1)).until(what, component::check,
                Health::healthy);
    }

    private static void assertRefused(String host, int port, String what) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            fail(what + " accepts connections on the public address " + host + ":" + port);
        } catch (ConnectException expected) {
            // Refused: nothing listens there.
        } catch (IOException e) {
            fail(what + " on " + host + ":" + port + ": expected a refused connection, got " + e);
        }
    }

    /**
     * This machine's first non-loopback IPv4 address that is up (the loopback interface, where the test's own addresses go, is
     * not looked at); on a machine with none, an address the test adds and removes.
     */
    private record PublicInterface(String address, boolean created) implements AutoCloseable {

        static PublicInterface find() throws Exception {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return new PublicInterface(address.getHostAddress(), false);
                    }
                }
            }
            return create("198.18.77.1");
        }

        /**
         * {@code address} (from the benchmarking range 198.18.0.0/15, not a loopback address although it
         * sits on the loopback interface) added for the test and removed at close.
         */
        static PublicInterface create(String address) throws Exception {
            try {
                // Left behind by a run that was killed.
                run("ip", "addr", "del", address + "/32", "dev", "lo");
            } catch (IllegalStateException absent) {
                // The usual case.
            }
            run("ip", "addr", "add", address + "/32", "dev", "lo");
            return new PublicInterface(address, true);
        }

        @Override
        public void close() {
            if (created) {
                try {
                    run("ip", "addr", "del", address + "/32", "dev", "lo");
                } catch (Exception e) {
                    System.err.println("could not remove the test's address " + address + ": " + e.getMessage());
                }
            }
        }

        private static void run(String... command) throws Exception {
            Process process = new ProcessBuilder(Stream.of(command).toList()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
    }
}
