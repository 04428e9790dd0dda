package io.confab.orchestration.exposure;

import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.CassandraNode;
import io.confab.orchestration.platform.Component;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #18 item 1 on the real platform: started with {@code --host} on this machine's non-loopback
 * address and {@code --internal-host} on another non-loopback address (one the test adds to the
 * loopback interface: traffic to it never leaves the machine), the web server answers on the public address and every internal server refuses a
 * connection there; on the internal address they answer but require the generated credentials (Flink
 * without jar upload, the jobs still submitted); the secrets are mode 0600 and on no child's command
 * line. A platform of its own: one start covers both addresses.
 */
class PublicAddressTest {

    /** Ports whose server binds every interface whatever it is told (Flink 1.20's Prometheus reporter). */
    private static final Set<String> BINDS_EVERY_INTERFACE = Set.of("--flink-jobmanager-metrics-port", "--flink-taskmanager-metrics-port");

    private static PublicInterface publicInterface;
    private static PublicInterface internalInterface;
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        publicInterface = PublicInterface.find();
        internalInterface = PublicInterface.create("198.18.77.2");
        PlatformConfig shared = SharedPlatform.config(SharedPlatform.newDataDir("pub"));
        // The S3 secret left unset, as `confab up` leaves it when none is given: generated beyond loopback.
        PlatformConfig config = new PlatformConfig(shared.home(), shared.dataDir(), publicInterface.address(), shared.kafka(),
                shared.cassandra(), shared.s3().withKeys(PlatformConfig.S3.DEFAULT_ACCESS_KEY, null), shared.postgres(),
                shared.flink(), shared.web(), shared.turn(), shared.sfu(), shared.dataApi(), internalInterface.address());
        assertEquals(List.of(), config.problems());
        platform = Platform.start(config, line -> System.out.println("[public-address] " + line));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.stop();
        }
        if (publicInterface != null) {
            publicInterface.close();
        }
        if (internalInterface != null) {
            internalInterface.close();
        }
    }

    @Test
    void onlyThePublicServersAnswerOnThePublicAddress() {
        String address = publicInterface.address();
        assertEquals(internalInterface.address(), platform.config().internalHost());
        assertTrue(platform.web().address().startsWith("https://" + address + ":"), "web advertises the public address: "
                + platform.web().address());
        assertTrue(platform.web().check().healthy(), "web answers on " + platform.web().address() + ": " + platform.web().check());
        assertTrue(platform.turn().check().healthy(), "TURN answers STUN on " + platform.turn().address());
        assertTrue(platform.sfu().check().healthy(), "the SFU answers on " + platform.sfu().address());

        List<String> checked = new ArrayList<>();
        for (Component component : List.of(platform.kafka(), platform.cassandra(), platform.s3(), platform.postgres(),
                platform.flink(), platform.dataApi(), platform.usage())) {
            assertTrue(component.check().healthy(), component.name() + " is up (on the internal address): " + component.check());
            for (Map.Entry<String, Integer> port : component.ports().entrySet()) {
                if (!BINDS_EVERY_INTERFACE.contains(port.getKey())) {
                    assertRefused(address, port.getValue(), component.name() + " " + port.getKey());
                    checked.add(component.name() + " " + port.getKey());
                }
            }
        }
        assertRefused(address, platform.web().ports().get("--web-metrics-port"), "web metrics");
        assertRefused(address, Integer.parseInt(platform.metricsAddress().replaceAll(".*:(\\d+)/.*", "$1")), "launcher metrics");
        assertTrue(checked.containsAll(List.of("kafka --kafka-port", "cassandra --cassandra-port", "s3 --s3-port",
                "postgres --postgres-port", "flink --flink-port", "flink --flink-rpc-port")), "checked " + checked);
    }

    @Test
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
        assertEquals("RUNNING", platform.flink().rest().jobState(platform.jobs().recordingJobId()));
        assertEquals("RUNNING", platform.flink().rest().jobState(platform.jobs().transcriptionJobId()));
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
        assertEquals("", platform.flink().rest().rootException(platform.jobs().recordingJobId()), "the recording job's store opened");
        assertEquals("", platform.flink().rest().rootException(platform.jobs().transcriptionJobId()), "the transcription job's store opened");
    }

    @Test
    void secretsAreOwnerOnlyAndOnNoCommandLine() throws Exception {
        Path data = platform.config().dataDir();
        List<Path> secrets = List.of(data.resolve("realtime-core/token.secret"), data.resolve("turn/shared.secret"),
                data.resolve("realtime-core/operator.key"), data.resolve("realtime-core/jdbc.password"),
                data.resolve("data-api/s3.secret"), data.resolve("s3/s3proxy.properties"), data.resolve("run/platform.json"),
                data.resolve("jobs/recording-mixer.properties"), data.resolve("jobs/transcription.properties"),
                data.resolve("secrets/s3.secret-key"), data.resolve("secrets/postgres.password"),
                data.resolve("secrets/postgres-core.password"), data.resolve("secrets/cassandra.password"));
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
        List<Long> pids = platform.components().stream().flatMap(c -> c.pids().stream()).toList();
        assertFalse(pids.isEmpty());
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
