package io.confab.orchestration.platform;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private final int port;
    private final int storagePort;

    public CassandraNode(PlatformConfig config, Installation installation, Ports ports) {
        super(config, installation, "cassandra");
        this.config = config.cassandra();
        this.port = embedded() ? ports.resolve("cassandra-port", this.config.port()) : -1;
        this.storagePort = embedded() ? ports.resolve("cassandra-storage-port", this.config.storagePort()) : -1;
    }

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public String address() {
        return embedded() ? host + ":" + port : config.external();
    }

    @Override
    public boolean embedded() {
        return config.external() == null;
    }

    @Override
    public Map<String, Integer> ports() {
        return embedded() ? Map.of("--cassandra-port", port, "--cassandra-storage-port", storagePort) : Map.of();
    }

    public String datacenter() {
        return config.datacenter();
    }

    @Override
    public void start(Duration timeout) throws StartupFailure {
        if (!embedded()) {
            Readiness.awaitExternal(this, Duration.ofSeconds(15), "--cassandra");
            return;
        }
        String classpath = installation.serverClasspath("cassandra");
        Path yaml = dir.resolve("cassandra.yaml");
        Path logback = dir.resolve("logback.xml");
        try {
            Files.createDirectories(dir);
            Files.writeString(yaml, yaml());
            Files.writeString(logback, ServerLogging.logback("WARN", "org.apache.cassandra.service.CassandraDaemon",
                    "org.apache.cassandra.transport.Server"));
        } catch (IOException e) {
            throw new StartupFailure(name(), "cannot write its configuration under " + dir + ": " + e.getMessage(),
                    "check the data directory");
        }
        List<String> jvm = new ArrayList<>(List.of(
                "-Xms256m", "-Xmx1g", "-Xss512k", "-XX:+UseG1GC",
                "-Dcassandra.config=" + yaml.toUri(),
                "-Dcassandra.storagedir=" + dir,
                "-Dcassandra-foreground=yes",
                "-Dlogback.configurationFile=" + logback.toUri(),
                // A single node has nobody to gossip with: do not wait for gossip to settle.
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=0",
                "-Djava.net.preferIPv4Stack=true"));
        jvm.addAll(JAVA17_OPTIONS);
        process = ServerProcess.jvm(name(), classpath, jvm, "org.apache.cassandra.service.CassandraDaemon",
                List.of(), logs.resolve("cassandra.log"));
        process.start();
        Readiness.awaitEmbedded(this, process, timeout);
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
        try (CqlSession session = CassandraNode.session(address(), config.datacenter(), Duration.ofSeconds(5))) {
            String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
            return Health.up("Cassandra " + version);
        } catch (RuntimeException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A driver session to a contact point, with short timeouts suited to a check. */
    public static CqlSession session(String contactPoint, String datacenter, Duration timeout) {
        return session(contactPoint, datacenter, timeout, true);
    }

    /**
     * A session for schema changes only. It keeps no schema metadata: with metadata on, the driver
     * completes each DDL statement only after a metadata refresh it debounces by a second, so the
     * contract's 15 statements took 20-27 s at every start instead of 2-4 s. Schema agreement
     * between nodes is still awaited.
     */
    static CqlSession ddlSession(String contactPoint, String datacenter, Duration timeout) {
        return session(contactPoint, datacenter, timeout, false);
    }

    private static CqlSession session(String contactPoint, String datacenter, Duration timeout, boolean schemaMetadata) {
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
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(datacenter)
                .withConfigLoader(loader)
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
