package io.confab.orchestration.cli;

import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.PlatformState;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The platform's settings as flags, shared by {@code up}, {@code status} and {@code down}. Every
 * flag can also come from the environment ({@code --kafka-port} is {@code CONFAB_KAFKA_PORT}) or
 * from the config file ({@code kafka-port=9092}); see {@link ConfigDefaults}.
 */
public final class PlatformOptions {

    /** The installation the command runs from, whose servers and class paths the configuration names. */
    @Mixin
    ProcessContext context;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file of key=value lines named like the flags (default: ./confab.properties when present).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Where every embedded server keeps its data and logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address the public servers (web, signaling, SFU, TURN) listen on and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--internal-host", defaultValue = PlatformConfig.LOOPBACK,
            description = "Address the internal servers (Kafka, Cassandra, S3, PostgreSQL, data-api, usage meter, metrics; Flink stays on loopback) "
                    + "listen on, whatever --host is (default: ${DEFAULT-VALUE}); any other address makes them require "
                    + "credentials, generated and kept in the data directory.")
    String internalHost;

    @Option(names = "--random-ports",
            description = "Give every embedded server whose port is not set otherwise a free port chosen at start (as if it were 0).")
    boolean randomPorts;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Use this external Kafka cluster instead of the embedded broker.")
    String kafka;
    @Option(names = "--kafka-user", paramLabel = "USER",
            description = "SASL/SCRAM-SHA-512 user of the external --kafka; every Confab client authenticates as it.")
    String kafkaUser;
    @Option(names = "--kafka-password-file", paramLabel = "FILE",
            description = "File holding the --kafka-user's password (a file keeps it off the process list).")
    Path kafkaPasswordFile;
    @Option(names = "--kafka-port", description = "Embedded Kafka broker port (default: 9092).")
    Integer kafkaPort;
    @Option(names = "--kafka-controller-port", description = "Embedded KRaft controller port (default: 9093).")
    Integer kafkaControllerPort;
    @Option(names = "--kafka-replication", defaultValue = "1", description = "Replication factor of Confab's topics (default: ${DEFAULT-VALUE}).")
    int kafkaReplication;

    @Option(names = "--cassandra", paramLabel = "HOST:PORT", description = "Use this external Cassandra contact point instead of the embedded node.")
    String cassandra;
    @Option(names = "--cassandra-port", description = "Embedded Cassandra CQL port (default: 9042).")
    Integer cassandraPort;
    @Option(names = "--cassandra-storage-port", description = "Embedded Cassandra storage port (default: 7000).")
    Integer cassandraStoragePort;
    @Option(names = "--cassandra-datacenter", defaultValue = "datacenter1", description = "Local datacenter name for the driver (default: ${DEFAULT-VALUE}).")
    String cassandraDatacenter;
    @Option(names = "--cassandra-replication", defaultValue = "1", description = "Replication factor of the confab keyspace (default: ${DEFAULT-VALUE}).")
    int cassandraReplication;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "Use this external S3-compatible endpoint instead of the embedded S3 server.")
    String s3Endpoint;
    @Option(names = "--s3-port", description = "Embedded S3 server port (default: 9000).")
    Integer s3Port;
    @Option(names = "--s3-access-key", defaultValue = "confab", description = "S3 access key (default: ${DEFAULT-VALUE}).")
    String s3AccessKey;
    @Option(names = "--s3-secret-key",
            description = "S3 secret key (default: the embedded server's well-known one on a loopback --internal-host, else generated).")
    String s3SecretKey;
    @Option(names = "--s3-region", defaultValue = "us-east-1", description = "S3 region (default: ${DEFAULT-VALUE}).")
    String s3Region;
    @Option(names = "--s3-bucket", defaultValue = "confab", description = "Bucket for recordings, warehouse and billing (default: ${DEFAULT-VALUE}).")
    String s3Bucket;

    @Option(names = "--postgres", paramLabel = "HOST:PORT", description = "Use this external PostgreSQL server instead of the embedded one.")
    String postgres;
    @Option(names = "--postgres-port", description = "Embedded PostgreSQL port (default: 5432).")
    Integer postgresPort;
    @Option(names = "--postgres-user", defaultValue = "postgres", description = "PostgreSQL user (default: ${DEFAULT-VALUE}).")
    String postgresUser;
    @Option(names = "--postgres-password", defaultValue = "", description = "PostgreSQL password (the embedded server trusts loopback).")
    String postgresPassword;
    @Option(names = "--postgres-database", defaultValue = "confab", description = "Confab's database (default: ${DEFAULT-VALUE}).")
    String postgresDatabase;

    @Option(names = "--flink", paramLabel = "HOST:PORT", description = "Use this external Flink session cluster (REST address) instead of the embedded one.")
    String flink;
    @Option(names = "--flink-port", description = "Embedded Flink REST port (default: 8081).")
    Integer flinkPort;
    @Option(names = "--flink-rpc-port", description = "Embedded Flink JobManager RPC port (default: 6123).")
    Integer flinkRpcPort;
    @Option(names = "--flink-task-slots", defaultValue = "4", description = "Task slots of the embedded TaskManager (default: ${DEFAULT-VALUE}).")
    int flinkTaskSlots;

    @Option(names = "--web-port", description = "Web client, meeting service and signaling port (default: 8080).")
    Integer webPort;
    @Option(names = "--web-tls", defaultValue = "auto",
            description = "TLS for the web port: auto (plain on loopback, self-signed certificate elsewhere), on, off (default: ${DEFAULT-VALUE}).")
    String webTls;
    @Option(names = "--web-token-secret", paramLabel = "HEX",
            description = "Key signing access tokens, 64+ hex digits (default: generated once and kept in the data directory).")
    String webTokenSecret;

    @Option(names = "--web-empty-meeting-grace-seconds", defaultValue = "60",
            description = "How long a meeting stays open after its last participant left (default: ${DEFAULT-VALUE}).")
    int webEmptyMeetingGraceSeconds;

    @Option(names = "--core-config", paramLabel = "FILE",
            description = "realtime-core settings to override (key=value lines, keys of its realtime-core.reference.properties: "
                    + "room, SFU, signaling, TURN and pool limits), passed to it as --config; keys confab up sets itself are refused.")
    Path coreConfig;

    @Option(names = "--usage-config", paramLabel = "FILE",
            description = "Usage meter rules to override (key=value lines: max-skew, grace, presence-timeout, reconnect-grace, "
                    + "state-retention, quiet, commit-interval, tick; durations as PT10M or seconds; see USAGE.md), "
                    + "passed to the meter as its options; any other key is refused.")
    Path usageConfig;

    @Option(names = "--turn-port", description = "TURN/STUN server port, UDP and TCP (default: 3478).")
    Integer turnPort;
    @Option(names = "--turn-tls-port",
            description = "TURN over TLS port, with the web's certificate (self-signed unless given); -1 for none (default: 5349).")
    Integer turnTlsPort;
    @Option(names = "--turn-secret", paramLabel = "SECRET",
            description = "Shared secret of ephemeral TURN credentials (default: generated once and kept in the data directory).")
    String turnSecret;
    @Option(names = "--turn-realm", defaultValue = "confab", description = "TURN realm (default: ${DEFAULT-VALUE}).")
    String turnRealm;

    @Option(names = "--turn-allowed-peers", paramLabel = "CIDR[,CIDR...]",
            description = "Peers TURN may relay to although they are private or special-purpose, e.g. 10.20.0.0/16 (default: none).")
    String turnAllowedPeers;
    @Option(names = "--turn-relay-ports", paramLabel = "MIN-MAX", description = "TURN relay port range (default: 49152-65535).")
    String turnRelayPorts;
    @Option(names = "--turn-user-quota", description = "Live TURN allocations per user, across all their joins (default: 10).")
    Integer turnUserQuota;
    @Option(names = "--turn-total-quota", description = "Live TURN allocations in all (default: 10000).")
    Integer turnTotalQuota;
    @Option(names = "--turn-tcp-max-connections", description = "TURN TCP and TLS connections at once (default: 2000).")
    Integer turnTcpMaxConnections;
    @Option(names = "--turn-tcp-max-per-source", description = "TURN TCP and TLS connections from one address (default: 50).")
    Integer turnTcpMaxPerSource;
    @Option(names = "--turn-tcp-idle-seconds", description = "Close a TURN TCP or TLS connection silent this long (default: 60).")
    Integer turnTcpIdleSeconds;
    @Option(names = "--turn-event-loops", description = "Event loops (threads) the TURN server runs on, 0 for one per core (default: 0).")
    Integer turnEventLoops;

    @Option(names = "--sfu-port", description = "SFU's first media port, UDP; media thread i listens on this + i, shared by the"
            + " participants of the meetings on that thread (default: 10000).")
    Integer sfuPort;
    @Option(names = "--sfu-media-threads", defaultValue = "0", description = "SFU media threads, each with its own UDP port from"
            + " --sfu-port up and the meetings placed on it; 0 for one per core (default: ${DEFAULT-VALUE}).")
    int sfuMediaThreads;
    @Option(names = "--sfu-last-n", defaultValue = "25",
            description = "Forward video of only this many most recent speakers to each participant, -1 for all (default: ${DEFAULT-VALUE}).")
    int sfuLastN;

    @Option(names = "--data-api-port", description = "Post-meeting API (recordings) port; web forwards its paths (default: 8090).")
    Integer dataApiPort;
    @Option(names = "--data-api-link-ttl-seconds", defaultValue = "3600",
            description = "Lifetime of the presigned links to recording files (default: ${DEFAULT-VALUE}).")
    int dataApiLinkTtlSeconds;
    @Option(names = "--data-api-retention-sweep-seconds", defaultValue = "3600",
            description = "How often recordings past their account's retention are deleted (default: ${DEFAULT-VALUE}).")
    int dataApiRetentionSweepSeconds;

    /** The TURN limits given, by realtime-core's flag names; realtime-core's defaults for the rest. */
    private java.util.Map<String, String> turnLimits() {
        java.util.Map<String, String> given = new java.util.HashMap<>();
        java.util.function.BiConsumer<String, Object> put = (key, value) -> {
            if (value != null && !value.toString().isBlank()) {
                given.put(key, value.toString().trim());
            }
        };
        put.accept("turn-allowed-peers", turnAllowedPeers);
        put.accept("turn-relay-ports", turnRelayPorts);
        put.accept("turn-user-quota", turnUserQuota);
        put.accept("turn-total-quota", turnTotalQuota);
        put.accept("turn-tcp-max-connections", turnTcpMaxConnections);
        put.accept("turn-tcp-max-per-source", turnTcpMaxPerSource);
        put.accept("turn-tcp-idle-seconds", turnTcpIdleSeconds);
        put.accept("turn-event-loops", turnEventLoops);
        return given;
    }

    public Path dataDir() {
        return dataDir.toAbsolutePath().normalize();
    }

    /**
     * The configuration of the platform running from the data directory, which knows its real
     * addresses (ports chosen at start); without one, the configuration these options describe.
     */
    public PlatformConfig runningOrGiven() {
        return PlatformState.read(dataDir()).map(PlatformState::config).orElseGet(this::toConfig);
    }

    /** The configuration these options describe, of the installation the command runs from. */
    public PlatformConfig toConfig() {
        return toConfig(context.home());
    }

    /** The same with {@code home} as the installation: for flags parsed without {@code confab}'s command line. */
    public PlatformConfig toConfig(Path home) {
        return new PlatformConfig(home, dataDir(), host,
                new PlatformConfig.Kafka(blankToNull(kafka), port(kafkaPort, 9092), port(kafkaControllerPort, 9093), kafkaReplication,
                        blankToNull(kafkaUser), kafkaPasswordFile == null ? null : kafkaPasswordFile.toAbsolutePath().normalize()),
                new PlatformConfig.Cassandra(blankToNull(cassandra), port(cassandraPort, 9042), port(cassandraStoragePort, 7000),
                        cassandraDatacenter, cassandraReplication),
                new PlatformConfig.S3(blankToNull(s3Endpoint), port(s3Port, 9000), s3AccessKey, s3SecretKey(), s3Region, s3Bucket),
                new PlatformConfig.Postgres(blankToNull(postgres), port(postgresPort, 5432), postgresUser, postgresPassword,
                        postgresDatabase),
                new PlatformConfig.Flink(blankToNull(flink), port(flinkPort, 8081), port(flinkRpcPort, 6123), flinkTaskSlots),
                new PlatformConfig.Web(port(webPort, 8080), webTls, blankToNull(webTokenSecret), webEmptyMeetingGraceSeconds,
                        coreConfig == null ? null : coreConfig.toAbsolutePath().normalize()),
                new PlatformConfig.Turn(port(turnPort, 3478), port(turnTlsPort, 5349), turnRealm, blankToNull(turnSecret),
                        turnLimits()),
                new PlatformConfig.Sfu(port(sfuPort, 10000), sfuLastN, sfuMediaThreads),
                new PlatformConfig.DataApi(port(dataApiPort, 8090), dataApiLinkTtlSeconds, dataApiRetentionSweepSeconds),
                internalHost,
                new PlatformConfig.Usage(usageConfig == null ? null : usageConfig.toAbsolutePath().normalize()));
    }

    /**
     * The S3 secret given; unset, the embedded server's well-known one while the internal servers are on
     * loopback, else null: the platform generates one ({@code InternalCredentials}).
     */
    private String s3SecretKey() {
        String given = blankToNull(s3SecretKey);
        if (given != null) {
            return given;
        }
        return isLoopback(internalHost)
                ? PlatformConfig.S3.DEFAULT_SECRET_KEY : null;
    }

    private static boolean isLoopback(String address) {
        try {
            return address == null || address.isBlank() || java.net.InetAddress.getByName(address.strip()).isLoopbackAddress();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** A port set by flag, environment or config file wins; otherwise the default, or 0 with --random-ports. */
    private int port(Integer configured, int standard) {
        if (configured != null) {
            return configured;
        }
        return randomPorts ? 0 : standard;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
