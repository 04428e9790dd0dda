package io.confab.orchestration.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the launcher needs to start or reach the platform's servers: one typed object, built
 * from defaults, the config file, the environment and flags (in rising precedence) by the CLI.
 *
 * <p>A service given as an external address ({@code --kafka=host:9092}) is reached there and no
 * embedded server is started for it. A port of 0 means "choose a free port when starting"; the
 * choice is remembered in the data directory so a restart finds the same addresses.
 *
 * <p>Two addresses: {@code host} is where the public servers (web, signaling, SFU, TURN) listen and
 * what they advertise; {@code internalHost} is where every internal server (Kafka, Cassandra, S3,
 * PostgreSQL, data-api, the usage meter, every metrics endpoint; the embedded Flink stays on loopback) listens: loopback unless the
 * operator names another, and then the internal servers require credentials ({@link InternalCredentials}).
 */
public record PlatformConfig(
        Path home,
        Path dataDir,
        String host,
        Kafka kafka,
        Cassandra cassandra,
        S3 s3,
        Postgres postgres,
        Flink flink,
        Web web,
        Turn turn,
        Sfu sfu,
        DataApi dataApi,
        String internalHost,
        Usage usage) {

    /** Where internal servers listen unless the operator names another address, whatever {@code host} is. */
    public static final String LOOPBACK = "127.0.0.1";

    public PlatformConfig {
        // A state file written before data-api existed has none: it had the defaults.
        dataApi = dataApi == null ? DataApi.DEFAULTS : dataApi;
        // Nor before the internal address existed: the internal servers were on loopback or on host;
        // loopback is the safe reading.
        internalHost = internalHost == null || internalHost.isBlank() ? LOOPBACK : internalHost.strip();
        // Nor before --usage-config: the meter had its own defaults.
        usage = usage == null ? Usage.DEFAULTS : usage;
    }

    /** Every internal server on loopback, the usage meter with its own defaults. */
    public PlatformConfig(Path home, Path dataDir, String host, Kafka kafka, Cassandra cassandra, S3 s3, Postgres postgres,
                          Flink flink, Web web, Turn turn, Sfu sfu, DataApi dataApi) {
        this(home, dataDir, host, kafka, cassandra, s3, postgres, flink, web, turn, sfu, dataApi, LOOPBACK, Usage.DEFAULTS);
    }

    /** The same configuration with the internal servers on {@code address}. */
    public PlatformConfig withInternalHost(String address) {
        return new PlatformConfig(home, dataDir, host, kafka, cassandra, s3, postgres, flink, web, turn, sfu, dataApi, address, usage);
    }

    /** The same configuration with the usage meter's settings {@code given}. */
    public PlatformConfig withUsage(Usage given) {
        return new PlatformConfig(home, dataDir, host, kafka, cassandra, s3, postgres, flink, web, turn, sfu, dataApi, internalHost, given);
    }

    /**
     * Whether the internal servers can be reached from beyond this machine: then they require
     * credentials. An address that does not resolve counts as reachable.
     */
    public boolean internalExposed() {
        return !isLoopback(internalHost);
    }

    static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Apache Kafka: embedded KRaft broker on {@code port} (controller on {@code controllerPort}), or
     * external; an external one's SCRAM-SHA-512 {@code user} and the file holding its password
     * (null: no login), which the embedded broker does not take (its user is generated).
     */
    public record Kafka(String external, int port, int controllerPort, int replicationFactor, String user, Path passwordFile) {
    }

    /** Apache Cassandra: embedded node on {@code port} (CQL) and {@code storagePort}, or external contact point. */
    public record Cassandra(String external, int port, int storagePort, String datacenter, int replicationFactor) {
    }

    /** S3 API: embedded S3Proxy on {@code port} over the data directory, or an external endpoint URL. */
    public record S3(String external, int port, String accessKey, String secretKey, String region, String bucket) {

        /** The well-known keys of the embedded server on loopback; anyone who reads this source knows them. */
        public static final String DEFAULT_ACCESS_KEY = "confab";
        public static final String DEFAULT_SECRET_KEY = "confab-secret";

        public S3 withKeys(String access, String secret) {
            return new S3(external, port, access, secret, region, bucket);
        }
    }

    /** PostgreSQL: embedded server on {@code port}, or external {@code host:port}. */
    public record Postgres(String external, int port, String user, String password, String database) {
    }

    /** Flink session cluster: embedded JobManager (REST {@code port}, RPC {@code rpcPort}) and TaskManager, or external REST address. */
    public record Flink(String external, int port, int rpcPort, int taskSlots) {
    }

    /**
     * realtime-core: meeting service, signaling and web client on one HTTP port. TLS {@code auto} is
     * plain HTTP on loopback and TLS (self-signed unless a certificate is given) anywhere else.
     * {@code coreConfig}: the operator's file of realtime-core settings (keys of its reference file),
     * passed to it as {@code --config}; null: realtime-core's defaults.
     */
    public record Web(int port, String tls, String tokenSecret, int emptyMeetingGraceSeconds, Path coreConfig) {

        public Web(int port, String tls, String tokenSecret, int emptyMeetingGraceSeconds) {
            this(port, tls, tokenSecret, emptyMeetingGraceSeconds, null);
        }
    }

    /**
     * The TURN/STUN server, inside realtime-core: UDP and TCP on {@code port}, TLS on {@code tlsPort}
     * (-1: no TLS listener) with the web's certificate, self-signed unless one is given. Relaying to
     * loopback peers is allowed only when the platform itself is on loopback (everything on one machine).
     * {@code limits}: the operator's allowed peers, relay ports, quotas and TCP limits, flag name (without
     * the dashes) to value, passed on to realtime-core as given and checked with its own parser
     * ({@link io.confab.core.turn.transport.TurnLimits}); empty: realtime-core's defaults.
     */
    public record Turn(int port, int tlsPort, String realm, String secret, java.util.Map<String, String> limits) {

        public Turn {
            limits = java.util.Map.copyOf(limits);
        }

        public Turn(int port, int tlsPort, String realm, String secret) {
            this(port, tlsPort, realm, secret, java.util.Map.of());
        }

        /** TLS on a port chosen at start-up (and remembered), as a test or a restored state wants it. */
        public Turn(int port, String realm, String secret) {
            this(port, 0, realm, secret);
        }

        /** The limits as realtime-core's arguments. */
        public List<String> limitArguments() {
            return limits.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
        }
    }

    /**
     * The SFU's media ports inside realtime-core: one UDP port per media thread, from {@code port}
     * up, each for the ICE, DTLS and SRTP of every participant of the meetings on that thread.
     * {@code lastN}: video forwarded only for that many most recent speakers (-1: everyone).
     * {@code mediaThreads}: how many media threads (0: one per core).
     */
    public record Sfu(int port, int lastN, int mediaThreads) {

        /** The media threads realtime-core runs: {@code mediaThreads}, or for 0 one per core of this machine (where it runs). */
        public int threads() {
            return mediaThreads == 0 ? Runtime.getRuntime().availableProcessors() : mediaThreads;
        }
    }

    /**
     * data-api, the post-meeting REST API (Spring Boot), on {@code port}; presigned links live
     * {@code linkTtlSeconds}; the retention sweep runs every {@code retentionSweepSeconds}.
     */
    public record DataApi(int port, int linkTtlSeconds, int retentionSweepSeconds) {

        public static final DataApi DEFAULTS = new DataApi(8090, 3600, 3600);
    }

    /**
     * The usage meter's rules ({@code usage.*} of USAGE.md: grace, presence timeout, reconnect grace,
     * state retention, quiet, maximum skew) and its commit interval and tick, overridden by the
     * operator's {@code --usage-config} file ({@code key=value} lines, the meter's own option names);
     * null: the meter's defaults. Only those keys: the addresses, logins and state directory are
     * {@code confab up}'s to set.
     */
    public record Usage(Path rulesFile) {

        public static final Usage DEFAULTS = new Usage(null);

        /** The keys a {@code --usage-config} file may set: the meter's options that are rules, not wiring. */
        public static final java.util.Set<String> KEYS = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(List.of(
                "max-skew", "grace", "presence-timeout", "reconnect-grace", "state-retention", "quiet", "commit-interval", "tick")));

        /** The file's settings as the meter's arguments ({@code --quiet=PT15S}), sorted by key; none without a file. */
        public List<String> meterArguments() {
            if (rulesFile == null) {
                return List.of();
            }
            return arguments(read(rulesFile));
        }

        private static List<String> arguments(java.util.Properties keys) {
            return keys.stringPropertyNames().stream().sorted().map(key -> "--" + key + "=" + keys.getProperty(key).strip()).toList();
        }

        /**
         * What is wrong with the file, checked by the meter's own parser before anything starts (so a
         * bad value costs a second, not a minute of start-up); empty when it is fine or there is none.
         */
        List<String> problems() {
            if (rulesFile == null) {
                return List.of();
            }
            java.util.Properties keys;
            try {
                keys = read(rulesFile);
            } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
                return List.of("--usage-config " + rulesFile + " cannot be read: " + e.getMessage());
            }
            List<String> problems = new ArrayList<>();
            keys.stringPropertyNames().stream().sorted().filter(key -> !KEYS.contains(key)).forEach(key ->
                    problems.add("--usage-config " + rulesFile + " sets " + key + ", which is not a usage meter rule it may set ("
                            + String.join(", ", KEYS) + ")"));
            if (problems.isEmpty()) {
                List<String> arguments = new ArrayList<>(List.of("--kafka=check", "--cassandra=check", "--state-dir=check"));
                arguments.addAll(arguments(keys));
                try {
                    io.confab.jobs.usage.MeterConfig.parse(arguments.toArray(String[]::new));
                } catch (IllegalArgumentException e) {
                    problems.add("--usage-config " + rulesFile + ": " + e.getMessage().replaceFirst("^usage-meter: --", ""));
                }
            }
            return problems;
        }

        private static java.util.Properties read(Path file) {
            java.util.Properties keys = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(file)) {
                keys.load(in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return keys;
        }
    }

    /** Checks that do not need the outside world; each problem names the setting to change. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        checkPort(problems, "kafka-port", kafka.port());
        checkPort(problems, "kafka-controller-port", kafka.controllerPort());
        checkPort(problems, "cassandra-port", cassandra.port());
        checkPort(problems, "cassandra-storage-port", cassandra.storagePort());
        checkPort(problems, "s3-port", s3.port());
        checkPort(problems, "postgres-port", postgres.port());
        checkPort(problems, "flink-port", flink.port());
        checkPort(problems, "flink-rpc-port", flink.rpcPort());
        checkPort(problems, "web-port", web.port());
        checkPort(problems, "turn-port", turn.port());
        if (turn.tlsPort() != -1) {
            checkPort(problems, "turn-tls-port", turn.tlsPort());
        }
        checkPort(problems, "sfu-port", sfu.port());
        if (sfu.mediaThreads() < 0 || sfu.mediaThreads() > 256) {
            problems.add("--sfu-media-threads must be 0 (one per core) to 256, got " + sfu.mediaThreads());
        } else if (sfu.port() > 0 && sfu.port() + sfu.threads() - 1 > 65535) {
            problems.add("--sfu-port " + sfu.port() + " with " + sfu.threads() + " media threads needs ports up to "
                    + (sfu.port() + sfu.threads() - 1) + ", past 65535: lower --sfu-port or --sfu-media-threads");
        }
        checkPort(problems, "data-api-port", dataApi.port());
        if (dataApi.linkTtlSeconds() < 1 || dataApi.linkTtlSeconds() > 7 * 24 * 3600) {
            problems.add("--data-api-link-ttl-seconds must be between 1 and 604800 (S3's limit of 7 days), got " + dataApi.linkTtlSeconds());
        }
        if (dataApi.retentionSweepSeconds() < 1) {
            problems.add("--data-api-retention-sweep-seconds must be at least 1, got " + dataApi.retentionSweepSeconds());
        }
        coreSettingsProblems(problems);
        problems.addAll(usage.problems());
        if (turn.realm() == null || turn.realm().isBlank()) {
            problems.add("--turn-realm must not be empty");
        }
        if (!List.of("auto", "on", "off").contains(web.tls())) {
            problems.add("--web-tls must be auto, on or off, got '" + web.tls() + "'");
        }
        if (web.emptyMeetingGraceSeconds() < 0 || web.emptyMeetingGraceSeconds() > 86400) {
            problems.add("--web-empty-meeting-grace-seconds must be between 0 and 86400, got " + web.emptyMeetingGraceSeconds());
        }
        if (web.tokenSecret() != null && !web.tokenSecret().matches("(?i)[0-9a-f]{64,}")) {
            problems.add("--web-token-secret must be at least 64 hex digits (32 bytes)");
        }
        checkHostPort(problems, "kafka", kafka.external());
        checkHostPort(problems, "cassandra", cassandra.external());
        checkHostPort(problems, "postgres", postgres.external());
        checkHostPort(problems, "flink", flink.external());
        if (s3.external() != null && !s3.external().matches("https?://[^/\\s]+/?")) {
            problems.add("--s3-endpoint must be a URL like http://host:9000, got '" + s3.external() + "'");
        }
        if (kafka.user() != null && kafka.external() == null) {
            problems.add("--kafka-user is for an external --kafka only: the embedded broker's user is generated when "
                    + "--internal-host is not loopback");
        } else if ((kafka.user() == null) != (kafka.passwordFile() == null)) {
            problems.add(kafka.user() == null ? "--kafka-password-file needs --kafka-user"
                    : "--kafka-user " + kafka.user() + " needs --kafka-password-file (the password in a file, not on the command line)");
        } else if (kafka.passwordFile() != null && !java.nio.file.Files.isReadable(kafka.passwordFile())) {
            problems.add("--kafka-password-file " + kafka.passwordFile() + " cannot be read");
        }
        if (kafka.replicationFactor() < 1) {
            problems.add("--kafka-replication must be at least 1, got " + kafka.replicationFactor());
        }
        if (cassandra.replicationFactor() < 1) {
            problems.add("--cassandra-replication must be at least 1, got " + cassandra.replicationFactor());
        }
        if (flink.taskSlots() < 1) {
            problems.add("--flink-task-slots must be at least 1, got " + flink.taskSlots());
        }
        internalAddressProblems(problems);
        if (s3.bucket() == null || !s3.bucket().matches("[a-z0-9][a-z0-9.-]{2,62}")) {
            problems.add("--s3-bucket must be a valid bucket name (3-63 lowercase letters, digits, '.', '-'), got '" + s3.bucket() + "'");
        }
        return problems;
    }

    /**
     * realtime-core's settings that {@code confab up} passes on (the TURN limits, last-N, the
     * operator's {@code --core-config} file), checked by realtime-core's own parser before anything
     * starts, so a bad key costs a second rather than a minute of start-up. A key of the file that
     * {@code confab up} sets itself is refused: each setting has one place.
     */
    private void coreSettingsProblems(List<String> problems) {
        java.util.Map<String, String> flags = new java.util.HashMap<>(turn.limits());
        flags.put("sfu-last-n", Integer.toString(sfu.lastN()));
        flags.put("sfu-media-threads", Integer.toString(sfu.mediaThreads()));
        Path file = web.coreConfig();
        if (file != null) {
            java.util.Properties keys = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(file)) {
                keys.load(in);
            } catch (java.io.IOException | IllegalArgumentException e) {
                problems.add("--core-config " + file + " cannot be read: " + e.getMessage());
                return;
            }
            keys.stringPropertyNames().stream().sorted().filter(WebServer.LAUNCHER_KEYS::containsKey).forEach(key ->
                    problems.add("--core-config " + file + " sets " + key + ", which confab up sets itself ("
                            + WebServer.LAUNCHER_KEYS.get(key) + ")"));
        }
        problems.addAll(io.confab.core.CoreConfig.problems(flags, file));
    }

    /**
     * Beyond loopback an internal server without credentials is open to anyone who reaches it: an
     * external one given without its credentials is refused (the embedded ones get generated ones).
     */
    private static final String DEFAULT_SECRET = S3.DEFAULT_SECRET_KEY;

    private void internalAddressProblems(List<String> problems) {
        if (internalHost.equals("0.0.0.0") || internalHost.equals("::") || internalHost.equals("*")) {
            problems.add("--internal-host must be one address of this machine, not the wildcard '" + internalHost
                    + "' (that would put Kafka, Cassandra, S3, PostgreSQL and Flink on every interface)");
            return;
        }
        if (host.equals("0.0.0.0") || host.equals("::")) {
            problems.add("--host must be one address of this machine that browsers can reach, not the wildcard '" + host + "'");
        }
        if (!internalExposed()) {
            return;
        }
        String why = " when --internal-host " + internalHost + " is not loopback";
        if (DEFAULT_SECRET.equals(s3.secretKey())) {
            problems.add("--s3-secret-key must not be the well-known default" + why + ": leave it unset (a key is generated and "
                    + "kept in the data directory, mode 0600) or give your own");
        }
        if (s3.external() != null && (s3.secretKey() == null || s3.secretKey().isBlank())) {
            problems.add("--s3-secret-key is required" + why + ": give the key of " + s3.external());
        }
        if (postgres.external() != null && (postgres.password() == null || postgres.password().isEmpty())) {
            problems.add("--postgres-password is required" + why + ": give the password of " + postgres.user() + " on "
                    + postgres.external());
        }
    }

    private static void checkPort(List<String> problems, String key, int port) {
        if (port < 0 || port > 65535) {
            problems.add("--" + key + " must be between 0 (choose a free port) and 65535, got " + port);
        }
    }

    private static void checkHostPort(List<String> problems, String key, String external) {
        if (external != null && !external.matches("[^\\s:/]+:\\d{1,5}")) {
            problems.add("--" + key + " must be host:port, got '" + external + "'");
        }
    }
}
