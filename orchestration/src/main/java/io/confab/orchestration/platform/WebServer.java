package io.confab.orchestration.platform;

import io.confab.core.http.LoopbackTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * realtime-core as a component of the platform: the meeting service, signaling and the web client
 * on one HTTP port, in its own JVM, started once PostgreSQL and Kafka hold their contracts.
 * Its address is the web client's URL.
 */
public final class WebServer extends ProcessComponent {

    /**
     * The realtime-core keys this launcher passes, and the flag of {@code confab up} (or the reason)
     * that sets each: an operator's {@code --core-config} file may not set them too.
     */
    static final Map<String, String> LAUNCHER_KEYS = launcherKeys();

    private static Map<String, String> launcherKeys() {
        Map<String, String> keys = new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("host", "--host"), Map.entry("port", "--web-port"), Map.entry("tls", "--web-tls"),
                Map.entry("jdbc-url", "--postgres, --postgres-port, --postgres-database"),
                Map.entry("jdbc-user", "--postgres-user"), Map.entry("jdbc-password", "--postgres-password"),
                Map.entry("jdbc-password-file", "--postgres-password"), Map.entry("kafka", "--kafka, --kafka-port"),
                Map.entry("kafka-user", "--kafka-user, or generated beyond a loopback --internal-host"),
                Map.entry("kafka-password-file", "--kafka-password-file, or generated beyond a loopback --internal-host"),
                Map.entry("token-secret", "--web-token-secret"), Map.entry("token-secret-file", "--web-token-secret"),
                Map.entry("data-dir", "--data-dir"), Map.entry("empty-meeting-grace-seconds", "--web-empty-meeting-grace-seconds"),
                Map.entry("turn-port", "--turn-port"), Map.entry("turn-realm", "--turn-realm"),
                Map.entry("turn-secret-file", "--turn-secret"), Map.entry("operator-key-file", "generated in the data directory"),
                Map.entry("turn-allow-loopback", "follows --host"), Map.entry("turn-tls-port", "--turn-tls-port"),
                Map.entry("sfu-port", "--sfu-port"), Map.entry("sfu-last-n", "--sfu-last-n"),
                Map.entry("sfu-media-threads", "--sfu-media-threads"),
                Map.entry("data-api-url", "--data-api-port"), Map.entry("metrics-port", "--random-ports or the default 8097"),
                Map.entry("metrics-host", "--internal-host")));
        io.confab.core.turn.transport.TurnLimits.KEYS.forEach(key -> keys.put(key, "--" + key));
        return java.util.Collections.unmodifiableMap(keys);
    }

    /** realtime-core's Prometheus endpoint beside the web's default port 8080. */
    static final int DEFAULT_METRICS_PORT = 8097;

    private final PlatformConfig config;
    private final int port;
    private final int metricsPort;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final TurnRelay turn;
    private final MediaPort sfu;
    private final DataApi dataApi;

    public WebServer(PlatformConfig config, Installation installation, Ports ports, KafkaBroker kafka,
                     PostgresServer postgres, TurnRelay turn, MediaPort sfu, DataApi dataApi) {
        super(config, installation, "realtime-core");
        this.config = config;
        this.dataApi = dataApi;
        this.turn = turn;
        this.sfu = sfu;
        this.kafka = kafka;
        this.postgres = postgres;
        this.port = listenOn(ports, "web-port", config.web().port());
        this.metricsPort = listenBeside(ports, "web-metrics-port", DEFAULT_METRICS_PORT, config.web().port() == 8080);
    }

    /** realtime-core's own port, internal: the SFU, TURN, signaling and JVM meters. */
    @Override
    public String metricsAddress() {
        return "http://" + host + ":" + metricsPort + "/metrics";
    }

    @Override
    public String name() {
        return "web";
    }

    @Override
    protected String ownAddress() {
        return (tls() ? "https://" : "http://") + config.host() + ":" + port;
    }

    private boolean tls() {
        return switch (config.web().tls()) {
            case "on" -> true;
            case "off" -> false;
            default -> !(config.host().startsWith("127.") || config.host().equals("localhost") || config.host().equals("::1"));
        };
    }

    /** Starts realtime-core; Kafka and PostgreSQL must be up and hold their contracts. */
    @Override
    protected void startProcess(Duration timeout) throws StartupFailure {
        List<String> arguments = arguments();
        launchJvm(installation.moduleClasspath("realtime-core"),
                // Out of heap, Netty's event loops die and the JVM keeps its ports while serving
                // nothing; exiting lets the launcher and `confab status` see the failure.
                List.of("-Xms64m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=error"),
                "io.confab.core.RealtimeCore",
                arguments,
                "web");
        awaitReady(timeout);
    }

    /**
     * realtime-core's arguments: the platform's wiring, the operator's limits given as flags, and the
     * operator's settings file as {@code --config} (flags win over it, and it may not repeat them).
     */
    private List<String> arguments() throws StartupFailure {
        List<String> arguments = new java.util.ArrayList<>(List.of("--host=" + config.host(), "--port=" + port,
                "--tls=" + config.web().tls(), "--jdbc-url=" + postgres.jdbcUrl(),
                "--jdbc-user=" + (postgres.ownRoleForRealtimeCore() ? InternalCredentials.REALTIME_CORE_ROLE : config.postgres().user()),
                "--jdbc-password-file=" + jdbcPasswordFile(),
                "--kafka=" + kafka.address(), "--token-secret-file=" + tokenSecretFile(config), "--data-dir=" + dir,
                "--empty-meeting-grace-seconds=" + config.web().emptyMeetingGraceSeconds(),
                "--turn-port=" + turn.port(), "--turn-realm=" + config.turn().realm(),
                "--turn-secret-file=" + turnSecretFile(),
                "--operator-key-file=" + operatorKeyFile(),
                "--turn-allow-loopback=" + turn.loopbackPeersAllowed(),
                "--turn-tls-port=" + turn.tlsPort(),
                "--sfu-port=" + sfu.port(), "--sfu-last-n=" + config.sfu().lastN(),
                "--sfu-media-threads=" + config.sfu().mediaThreads(),
                "--data-api-url=" + dataApi.address(), "--metrics-port=" + metricsPort,
                "--metrics-host=" + host));
        arguments.addAll(InternalCredentials.kafkaLoginArguments(config));
        arguments.addAll(config.turn().limitArguments());
        for (String argument : arguments) {
            String key = argument.substring(2, argument.indexOf('='));
            if (!LAUNCHER_KEYS.containsKey(key)) {
                throw new IllegalStateException("realtime-core argument --" + key + " is missing from WebServer.LAUNCHER_KEYS, "
                        + "which keeps it out of --core-config files");
            }
        }
        if (config.web().coreConfig() != null) {
            arguments.add("--config=" + config.web().coreConfig());
        }
        return arguments;
    }

    /**
     * The file holding the token secret: the configured one, or one generated on first start and
     * kept in the data directory (so tokens survive a restart). A file, not an argument, keeps the
     * secret out of the process list. data-api reads the same file to verify the same tokens.
     */
    static Path tokenSecretFile(PlatformConfig config) throws StartupFailure {
        Path file = config.dataDir().resolve("realtime-core/token.secret");
        try {
            SecretFile.keep(file, config.web().tokenSecret());
            return file;
        } catch (IOException e) {
            throw new StartupFailure("web", "cannot keep the token secret in " + file + ": " + e.getMessage(), null);
        }
    }

    /** The database password in a file of mode 0600, not on the command line. */
    private Path jdbcPasswordFile() throws StartupFailure {
        Path file = dir.resolve("jdbc.password");
        try {
            SecretFile.write(file, postgres.ownRoleForRealtimeCore()
                    ? InternalCredentials.realtimeCorePassword(config) : config.postgres().password());
            return file;
        } catch (IOException e) {
            throw new StartupFailure("web", "cannot write " + file + ": " + e.getMessage(), "check the data directory");
        }
    }

    /**
     * The operator key: what {@code GET /api/sfu/stats} (live meeting and participant ids) asks for as
     * {@code Authorization: Bearer KEY}. Generated on first start; only the data directory's owner can
     * read it, which is what makes them the operator.
     */
    public static Path operatorKeyFile(Path dataDir) {
        return dataDir.resolve("realtime-core/operator.key");
    }

    /** The operator key of the platform over {@code dataDir}, generated when there is none yet. */
    public static String operatorKey(Path dataDir) {
        try {
            return SecretFile.keep(operatorKeyFile(dataDir), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the operator key in " + operatorKeyFile(dataDir), e);
        }
    }

    private Path operatorKeyFile() throws StartupFailure {
        try {
            operatorKey(config.dataDir());
            return operatorKeyFile(config.dataDir());
        } catch (java.io.UncheckedIOException e) {
            throw new StartupFailure("web", e.getMessage(), "check the data directory");
        }
    }

    private Path turnSecretFile() throws StartupFailure {
        try {
            TurnSecret.read(config.dataDir(), config.turn().secret());
            return TurnSecret.file(config.dataDir());
        } catch (java.io.UncheckedIOException e) {
            throw new StartupFailure("turn", e.getMessage(), "check the data directory");
        }
    }

    @Override
    public Health check() {
        return httpCheck(address() + "/api/health", LoopbackTls.trustingAll(), response -> response.statusCode() == 200
                ? Health.up("web client at " + address() + "/")
                : Health.down("health answered " + response.statusCode()));
    }
}
