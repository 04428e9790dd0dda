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
 * to it. Its port follows data-api's choice: the fixed default 8095, or a free one when data-api's
 * port is chosen at run time (tests, {@code --random-ports}).
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
        this.port = ports.resolve("usage-meter-port", config.dataApi().port() == 0 ? 0 : DEFAULT_PORT);
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
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
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
