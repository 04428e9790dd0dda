package io.confab.orchestration.platform;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * realtime-core as a component of the platform: the meeting service, signaling and the web client
 * on one HTTP port, in its own JVM, started once PostgreSQL and Kafka hold their contracts.
 * Its address is the web client's URL.
 */
public final class WebServer extends ProcessComponent {

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
        this.port = ports.resolve("web-port", config.web().port());
        this.metricsPort = ports.beside("web-metrics-port", DEFAULT_METRICS_PORT, config.web().port() == 8080);
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
    public String address() {
        return (tls() ? "https://" : "http://") + config.host() + ":" + port;
    }

    private boolean tls() {
        return switch (config.web().tls()) {
            case "on" -> true;
            case "off" -> false;
            default -> !(config.host().startsWith("127.") || config.host().equals("localhost") || config.host().equals("::1"));
        };
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("--web-port", port, "--web-metrics-port", metricsPort);
    }

    /** Starts realtime-core; Kafka and PostgreSQL must be up and hold their contracts. */
    @Override
    public void start(Duration timeout) throws StartupFailure {
        launchJvm(installation.moduleClasspath("realtime-core"),
                // Out of heap, Netty's event loops die and the JVM keeps its ports while serving
                // nothing; exiting lets the launcher and `confab status` see the failure.
                List.of("-Xms64m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=error"),
                "io.confab.core.RealtimeCore",
                java.util.stream.Stream.concat(java.util.stream.Stream.of("--host=" + config.host(), "--port=" + port, "--tls=" + config.web().tls(),
                        "--jdbc-url=" + postgres.jdbcUrl(),
                        "--jdbc-user=" + (postgres.ownRoleForRealtimeCore() ? InternalCredentials.REALTIME_CORE_ROLE : config.postgres().user()),
                        "--jdbc-password-file=" + jdbcPasswordFile(),
                        "--kafka=" + kafka.address(), "--token-secret-file=" + tokenSecretFile(config), "--data-dir=" + dir,
                        "--empty-meeting-grace-seconds=" + config.web().emptyMeetingGraceSeconds(),
                        "--kafka-delivery-timeout-seconds=" + config.web().eventDeliveryTimeoutSeconds(),
                        "--turn-port=" + turn.port(), "--turn-realm=" + config.turn().realm(),
                        "--turn-secret-file=" + turnSecretFile(),
                        "--operator-key-file=" + operatorKeyFile(),
                        "--turn-allow-loopback=" + turn.loopbackPeersAllowed(),
                        "--turn-tls-port=" + turn.tlsPort(),
                        "--sfu-port=" + sfu.port(), "--sfu-last-n=" + config.sfu().lastN(),
                        "--data-api-url=" + dataApi.address(), "--metrics-port=" + metricsPort,
                        "--metrics-host=" + host),
                        config.turn().limitArguments().stream()).toList(),
                "web");
        awaitReady(timeout);
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
        return httpCheck(address() + "/api/health", trustingContext(), response -> response.statusCode() == 200
                ? Health.up("web client at " + address() + "/")
                : Health.down("health answered " + response.statusCode()));
    }

    /**
     * The health check must work with the self-signed certificate realtime-core generates; it sends
     * nothing secret, so not verifying the certificate costs nothing here.
     */
    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
