package io.confab.orchestration.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The usage meter (stream-jobs {@code io.confab.jobs.usage.UsageMeter}, Kafka Streams exactly once)
 * as a component: its own JVM on stream-jobs' class path, started once the topics and tables
 * exist. It serves live usage and Prometheus metrics over HTTP; data-api forwards {@code /api/usage/live}
 * to it. Its port follows data-api's: 8095 beside data-api's default 8090, otherwise a free one
 * remembered in the data directory (tests, {@code --random-ports}, a moved data-api).
 */
public final class UsageMeter implements Component {

    static final int DEFAULT_PORT = 8095;

    private final PlatformConfig config;
    private final Installation installation;
    private final KafkaBroker kafka;
    private final CassandraNode cassandra;
    private final int port;
    private ServerProcess process;

    public UsageMeter(PlatformConfig config, Installation installation, Ports ports, KafkaBroker kafka, CassandraNode cassandra) {
        this.config = config;
        this.installation = installation;
        this.kafka = kafka;
        this.cassandra = cassandra;
        // No flag of its own yet: beside data-api's default port it takes its own default, otherwise
        // (free ports, or data-api moved) a free port remembered in run/ports.properties.
        // A remembered port is kept even while the meter holds it, so 'status' (which describes a
        // running platform) finds the meter there; start-up checks it is free like any port.
        boolean defaults = config.dataApi().port() == PlatformConfig.DataApi.DEFAULTS.port();
        this.port = defaults ? DEFAULT_PORT
                : ports.remembered("usage-meter-port").orElseGet(() -> ports.resolve("usage-meter-port", 0));
    }

    @Override
    public String name() {
        return "usage";
    }

    @Override
    public String address() {
        return "http://" + config.host() + ":" + port;
    }

    @Override
    public String metricsAddress() {
        return address() + "/metrics";
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("--usage-meter-port", port);
    }

    /** Starts the process without waiting for it (see {@link #awaitReady}). */
    public void launch() throws StartupFailure {
        process = ServerProcess.jvm(name(), installation.moduleClasspath("stream-jobs"),
                List.of("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                        // Quiet when all is well: the clients' metadata warnings while topics are created are not news.
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=error"),
                "io.confab.jobs.usage.UsageMeter",
                List.of("--kafka=" + kafka.address(), "--cassandra=" + cassandra.address(),
                        "--cassandra-datacenter=" + cassandra.datacenter(), "--host=" + config.host(), "--port=" + port,
                        "--state-dir=" + config.dataDir().resolve("usage-meter/state")),
                config.dataDir().resolve("logs/usage-meter.log"));
        process.start();
    }

    public void awaitReady(Duration timeout) throws StartupFailure {
        Readiness.awaitEmbedded(this, process, timeout);
    }

    @Override
    public void start(Duration timeout) throws StartupFailure {
        launch();
        awaitReady(timeout);
    }

    /** Ends the meter at once (SIGKILL), as a crash would: for the exactly-once tests. */
    public void kill() {
        if (process != null && process.alive()) {
            ProcessHandle.of(process.pid()).ifPresent(handle -> {
                handle.destroyForcibly();
                handle.onExit().join();
            });
        }
    }

    @Override
    public Health check() {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(address() + "/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? Health.up("usage meter (Kafka Streams, exactly once); metrics at " + metricsAddress())
                    : Health.down("health answered " + response.statusCode() + " " + response.body());
        } catch (IOException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        }
    }

    @Override
    public void stop() {
        ServerProcess.stopAll(process);
    }

    @Override
    public List<Long> pids() {
        return ServerProcess.pidsOf(process);
    }
}
