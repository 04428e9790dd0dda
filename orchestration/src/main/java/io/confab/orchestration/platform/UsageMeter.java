package io.confab.orchestration.platform;

import java.time.Duration;
import java.util.List;

/**
 * The usage meter (stream-jobs {@code io.confab.jobs.usage.UsageMeter}, Kafka Streams exactly once)
 * as a component: its own JVM on stream-jobs' class path, started once the topics and tables
 * exist. It serves live usage and Prometheus metrics over HTTP; data-api forwards {@code /api/usage/live}
 * to it. Its port follows data-api's: 8095 beside data-api's default 8090, otherwise a free one
 * remembered in the data directory (tests, {@code --random-ports}, a moved data-api).
 */
public final class UsageMeter extends ProcessComponent {

    static final int DEFAULT_PORT = 8095;

    private final PlatformConfig config;
    private final KafkaBroker kafka;
    private final CassandraNode cassandra;
    private final int port;

    public UsageMeter(PlatformConfig config, Installation installation, Ports ports, KafkaBroker kafka, CassandraNode cassandra) {
        super(config, installation, "usage-meter");
        this.config = config;
        this.kafka = kafka;
        this.cassandra = cassandra;
        // No flag of its own yet: it follows data-api's port.
        this.port = listenBeside(ports, "usage-meter-port", DEFAULT_PORT, config.dataApi().port() == PlatformConfig.DataApi.DEFAULTS.port());
    }

    @Override
    public String name() {
        return "usage";
    }

    @Override
    protected String ownAddress() {
        return "http://" + host + ":" + port;
    }

    @Override
    public String metricsAddress() {
        return address() + "/metrics";
    }

    /**
     * The meter's JVM options; {@code confab bench usage --floor} runs Kafka Streams' floor under them too.
     * A young generation half the heap (NewRatio=1, the default is a third): a young collection costs
     * what survives it, which overflows the survivor space at any size tried, so fewer collections
     * cost less; the serial collector took 7.9 instead of 12.7-13.4 CPU-s over 2M events, the process
     * about 95 MB more resident under load (stream-jobs/README.md, round gc39). -Xms stays small for idle.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx384m", "-XX:NewRatio=1", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            // Quiet when all is well: the clients' metadata warnings while topics are created are not news.
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=error");

    /** Starts the process without waiting for it (see {@link #awaitReady}). */
    public void launch() throws StartupFailure {
        launchJvm(installation.moduleClasspath("stream-jobs"),
                JVM_OPTIONS, "io.confab.jobs.usage.UsageMeter",
                java.util.stream.Stream.concat(java.util.stream.Stream.of("--kafka=" + kafka.address(), "--cassandra=" + cassandra.address(),
                        "--cassandra-datacenter=" + cassandra.datacenter(), "--host=" + host, "--port=" + port,
                        "--state-dir=" + dir.resolve("state")),
                        java.util.stream.Stream.concat(InternalCredentials.loginArguments(config).stream(),
                                config.usage().meterArguments().stream())).toList(),
                "usage-meter");
    }

    /** Waits until the meter launched by {@link #launch} is healthy. */
    public void awaitHealthy(Duration timeout) throws StartupFailure {
        awaitReady(timeout);
    }

    @Override
    protected void startProcess(Duration timeout) throws StartupFailure {
        launch();
        awaitHealthy(timeout);
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
        return httpCheck(address() + "/health", null, response -> response.statusCode() == 200
                ? Health.up("usage meter (Kafka Streams, exactly once); metrics at " + metricsAddress())
                : Health.down("health answered " + response.statusCode() + " " + response.body()));
    }
}
