package io.confab.orchestration.platform;

import java.time.Duration;
import java.util.ArrayList;
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
     * <ul>
     * <li>A young generation of 1 GiB, fixed ({@code -Xms} holds it and a 512 MiB old generation to start,
     * which may grow to 1 GiB). A young collection costs what survives it, about the same at any size
     * tried (the survivor space overflows at each), so fewer collections cost less: over 2M events the
     * serial collector took 0.8-0.9 CPU-s with it against 5.0-6.0 with the young generation half of a
     * growing 384 MiB heap, for about 850 MB more resident under load (stream-jobs/README.md, round
     * heap50).</li>
     * <li>The heap on transparent huge pages where the kernel gives them: without them the larger young
     * generation made the stream thread slower by about what the collector saved (the same round), with
     * them every thread of the meter was as fast as before or faster.</li>
     * </ul>
     */
    public static List<String> jvmOptions(TransparentHugePages hugePages) {
        List<String> options = new ArrayList<>(List.of("-Xms1536m", "-Xmx2g", "-Xmn1g", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                // Quiet when all is well: the clients' metadata warnings while topics are created are not news.
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=error"));
        if (hugePages.givenWhenAsked()) {
            options.add("-XX:+UseTransparentHugePages");
        }
        return List.copyOf(options);
    }

    /** Starts the process without waiting for it (see {@link #awaitReady}). */
    public void launch() throws StartupFailure {
        launchJvm(installation.moduleClasspath("stream-jobs"),
                jvmOptions(TransparentHugePages.ofThisMachine()), "io.confab.jobs.usage.UsageMeter",
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
