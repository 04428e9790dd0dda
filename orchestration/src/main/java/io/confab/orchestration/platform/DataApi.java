package io.confab.orchestration.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * data-api as a component of the platform: the post-meeting REST API (Spring Boot) in its own JVM,
 * started once Cassandra and S3 hold their contracts and before web, which forwards its paths on
 * the web origin. It verifies the web's tokens with the same secret file, and reads
 * recording.artifacts from Kafka for its webhooks.
 */
public final class DataApi extends ProcessComponent {

    private final PlatformConfig config;
    private final CassandraNode cassandra;
    private final S3Store s3;
    private final KafkaBroker kafka;
    private final UsageMeter usage;
    private final int port;

    public DataApi(PlatformConfig config, Installation installation, Ports ports, CassandraNode cassandra, S3Store s3,
                   KafkaBroker kafka, UsageMeter usage) {
        super(config, installation, "data-api");
        this.config = config;
        this.cassandra = cassandra;
        this.s3 = s3;
        this.kafka = kafka;
        this.usage = usage;
        this.port = listenOn(ports, "data-api-port", config.dataApi().port());
    }

    @Override
    public String name() {
        return "data-api";
    }

    @Override
    protected String ownAddress() {
        return "http://" + host + ":" + port;
    }

    /** Where Prometheus scrapes it. */
    @Override
    public String metricsAddress() {
        return address() + "/actuator/prometheus";
    }

    @Override
    protected void startProcess(Duration timeout) throws StartupFailure {
        launchJvm(installation.moduleClasspath("data-api"),
                List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError"),
                "io.confab.dataapi.DataApi",
                java.util.stream.Stream.concat(java.util.stream.Stream.of("--host=" + host, "--port=" + port,
                        "--cassandra=" + cassandra.address(), "--cassandra-datacenter=" + cassandra.datacenter(),
                        "--s3-endpoint=" + s3.address(), "--s3-region=" + config.s3().region(),
                        "--s3-access-key=" + config.s3().accessKey(), "--s3-secret-key-file=" + s3SecretFile(),
                        "--s3-bucket=" + config.s3().bucket(),
                        "--token-secret-file=" + WebServer.tokenSecretFile(config),
                        "--presign-ttl-seconds=" + config.dataApi().linkTtlSeconds(),
                        "--retention-sweep-seconds=" + config.dataApi().retentionSweepSeconds(),
                        "--kafka=" + kafka.address(), "--warehouse-cache=" + dir.resolve("warehouse-cache"),
                        "--usage-meter=" + usage.address()),
                        InternalCredentials.loginArguments(config).stream()).toList(),
                "data-api");
        awaitReady(timeout);
    }

    /** The S3 secret in a file readable only by us, not on the command line. */
    private Path s3SecretFile() throws StartupFailure {
        Path file = dir.resolve("s3.secret");
        try {
            SecretFile.write(file, config.s3().secretKey());
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartupFailure(name(), "cannot write " + file + ": " + e.getMessage(), "check the data directory");
        }
    }

    @Override
    public Health check() {
        return httpCheck(address() + "/actuator/health", null, response ->
                response.statusCode() == 200 && response.body().contains("\"UP\"")
                        ? Health.up("post-meeting API; metrics at " + metricsAddress())
                        : Health.down("health answered " + response.statusCode() + " " + response.body()));
    }
}
