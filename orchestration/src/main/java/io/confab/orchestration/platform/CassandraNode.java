package io.confab.orchestration.platform;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

import io.confab.storage.cassandra.CassandraLogin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache Cassandra: an embedded single node (cassandra-all as its own JVM) over {@code cassandra/}
 * in the data directory, or an external cluster by contact point.
 */
public final class CassandraNode extends ProcessComponent {

    /**
     * What Cassandra's conf/jvm17-server.options opens up for Java 17; without these the daemon
     * fails on its first reflective access into the JDK.
     */
    private static final List<String> JAVA17_OPTIONS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.math=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED");

    private final PlatformConfig.Cassandra config;
    /** Whom Confab logs in as; when required, the node runs PasswordAuthenticator. */
    private final CassandraLogin login;
    private final int port;
    private final int storagePort;

    public CassandraNode(PlatformConfig config, Installation installation, Ports ports) {
        super(config, installation, "cassandra",
                new ExternalService(config.cassandra().external(), "--cassandra", Duration.ofSeconds(15)));
        this.config = config.cassandra();
        this.login = InternalCredentials.cassandraLogin(config);
        this.port = listenOn(ports, "cassandra-port", this.config.port());
        this.storagePort = listenOn(ports, "cassandra-storage-port", this.config.storagePort());
    }

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    protected String ownAddress() {
        return host + ":" + port;
    }

    public String datacenter() {
        return config.datacenter();
    }

    /** Whom Confab's clients log in to this node as. */
    public CassandraLogin login() {
        return login;
    }

    @Override
    protected void startProcess(Duration timeout) throws StartupFailure {
        String classpath = installation.serverClasspath("cassandra");
        Path yaml = dir.resolve("cassandra.yaml");
        Path logback = dir.resolve("logback.xml");
        writeConfiguration(() -> {
            Files.writeString(yaml, yaml());
            Files.writeString(logback, ServerLogging.logback("WARN", "org.apache.cassandra.service.CassandraDaemon",
                    "org.apache.cassandra.transport.Server"));
        });
        List<String> jvm = new ArrayList<>(List.of(
                "-Xms256m", "-Xmx1g", "-Xss512k", "-XX:+UseG1GC",
                "-Dcassandra.config=" + yaml.toUri(),
                "-Dcassandra.storagedir=" + dir,
                "-Dcassandra-foreground=yes",
                "-Dlogback.configurationFile=" + logback.toUri(),
                // A single node has nobody to gossip with: do not wait for gossip to settle.
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=0",
                // With PasswordAuthenticator: make the default superuser at once, for secure() to retire.
                "-Dcassandra.superuser_setup_delay_ms=0",
                "-Djava.net.preferIPv4Stack=true"));
        jvm.addAll(JAVA17_OPTIONS);
        jvm.addAll(ServerProcess.START_UP_COMPILER);
        launchJvm(classpath, jvm, "org.apache.cassandra.service.CassandraDaemon", List.of(), "cassandra");
        if (login.required()) {
            secure(Instant.now().plus(timeout));
        }
        awaitReady(timeout);
    }

    /**
     * Makes Confab's role the only way in. On a new node, PasswordAuthenticator's default superuser
     * {@code cassandra/cassandra} creates the role {@link InternalCredentials#CASSANDRA_ROLE} with the
     * generated password, and the role then strips the default one of its login, its superuser rights
     * and its well-known password. On a restart the role already works and nothing changes.
     */
    private void secure(Instant deadline) throws StartupFailure {
        String last = "the CQL port did not open";
        while (Instant.now().isBefore(deadline) && process.alive()) {
            if (portOpen()) {
                try (CqlSession session = session(address(), config.datacenter(), Duration.ofSeconds(5), true, login)) {
                    session.execute("SELECT release_version FROM system.local");
                    return;
                } catch (RuntimeException asConfab) {
                    last = asConfab.getMessage();
                    if (authenticationFailed(asConfab)) {
                        try (CqlSession session = session(address(), config.datacenter(), Duration.ofSeconds(10), true,
                                new CassandraLogin("cassandra", "cassandra"))) {
                            session.execute("CREATE ROLE IF NOT EXISTS " + login.user() + " WITH PASSWORD = '" + cql(login.password())
                                    + "' AND LOGIN = true AND SUPERUSER = true");
                        } catch (RuntimeException asDefault) {
                            // The default superuser is made just after the port opens: try again shortly.
                            last = asDefault.getMessage();
                        }
                        retireDefaultSuperuser();
                    }
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure("start-up interrupted");
            }
        }
        throw new StartupFailure(name(), "could not set up its login role " + login.user() + ": " + last,
                "see " + logs.resolve("cassandra.log"));
    }

    private void retireDefaultSuperuser() {
        try (CqlSession session = session(address(), config.datacenter(), Duration.ofSeconds(10), true, login)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            session.execute("ALTER ROLE cassandra WITH PASSWORD = '" + HexFormat.of().formatHex(random)
                    + "' AND SUPERUSER = false AND LOGIN = false");
        } catch (RuntimeException e) {
            // Our role is not usable yet (the auth cache): the next round of secure() tries again.
        }
    }

    private static boolean authenticationFailed(RuntimeException e) {
        if (e instanceof AuthenticationException) {
            return true;
        }
        return e instanceof AllNodesFailedException all && all.getAllErrors().values().stream()
                .flatMap(List::stream).anyMatch(AuthenticationException.class::isInstance);
    }

    private static String cql(String literal) {
        return literal.replace("'", "''");
    }

    private String yaml() {
        return String.join("\n",
                "# Written by confab at every start; edit the confab configuration instead.",
                "cluster_name: confab",
                "num_tokens: 16",
                "allocate_tokens_for_local_replication_factor: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "data_file_directories:",
                "  - " + dir.resolve("data"),
                "commitlog_directory: " + dir.resolve("commitlog"),
                "saved_caches_directory: " + dir.resolve("saved_caches"),
                "hints_directory: " + dir.resolve("hints"),
                "cdc_raw_directory: " + dir.resolve("cdc_raw"),
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + host + ":" + storagePort + "\"",
                "listen_address: " + host,
                "rpc_address: " + host,
                "storage_port: " + storagePort,
                "native_transport_port: " + port,
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "auto_bootstrap: false",
                // Beyond loopback every client logs in (InternalCredentials); on loopback none needs to.
                "authenticator: " + (login.required() ? "PasswordAuthenticator" : "AllowAllAuthenticator"),
                // Small memory footprint for one machine that runs the whole platform.
                "concurrent_reads: 8",
                "concurrent_writes: 8",
                "concurrent_counter_writes: 8",
                "concurrent_compactors: 1",
                "memtable_heap_space: 128MiB",
                "memtable_offheap_space: 128MiB",
                "key_cache_size: 16MiB",
                "disk_access_mode: mmap_index_only",
                "");
    }

    @Override
    public Health check() {
        if (!portOpen()) {
            return Health.down("CQL port " + address() + " not open");
        }
        try (CqlSession session = session(address(), config.datacenter(), Duration.ofSeconds(5), true, login)) {
            String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
            return Health.up("Cassandra " + version);
        } catch (RuntimeException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A driver session to a contact point, with short timeouts suited to a check. */
    public static CqlSession session(String contactPoint, String datacenter, Duration timeout) {
        return session(contactPoint, datacenter, timeout, true, CassandraLogin.NONE);
    }

    /** A driver session to a contact point as {@code login}, with short timeouts suited to a check. */
    public static CqlSession session(String contactPoint, String datacenter, Duration timeout, CassandraLogin login) {
        return session(contactPoint, datacenter, timeout, true, login);
    }

    /** A session to this node as Confab's clients log in to it. */
    public CqlSession session(Duration timeout) {
        return session(address(), config.datacenter(), timeout, true, login);
    }

    /**
     * A session for schema changes only. It keeps no schema metadata: with metadata on, the driver
     * completes each DDL statement only after a metadata refresh it debounces by a second, so the
     * contract's 15 statements took 20-27 s at every start instead of 2-4 s. Schema agreement
     * between nodes is still awaited.
     */
    CqlSession ddlSession(Duration timeout) {
        return session(address(), config.datacenter(), timeout, false, login);
    }

    private static CqlSession session(String contactPoint, String datacenter, Duration timeout, boolean schemaMetadata,
                                      CassandraLogin login) {
        String[] hostPort = contactPoint.split(":");
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, schemaMetadata)
                .build();
        return login.applyTo(CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(datacenter)
                .withConfigLoader(loader))
                .build();
    }

    private boolean portOpen() {
        String[] hostPort = address().split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
