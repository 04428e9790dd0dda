package io.confab.orchestration.platform;

import io.confab.storage.s3.S3Endpoint;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The S3 API: an embedded S3Proxy over {@code s3/} in the data directory (its filesystem backend
 * keeps objects as plain files), or any S3-compatible endpoint.
 */
public final class S3Store extends ProcessComponent {

    private final PlatformConfig.S3 config;
    private final int port;

    public S3Store(PlatformConfig config, Installation installation, Ports ports) {
        super(config, installation, "s3", new ExternalService(config.s3().external(), "--s3-endpoint", Duration.ofSeconds(10)));
        this.config = config.s3();
        this.port = listenOn(ports, "s3-port", this.config.port());
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    protected String ownAddress() {
        return "http://" + host + ":" + port;
    }

    @Override
    protected void startProcess(Duration timeout) throws StartupFailure {
        String classpath = installation.serverClasspath("s3");
        Path properties = dir.resolve("s3proxy.properties");
        Path logback = dir.resolve("logback.xml");
        writeConfiguration(() -> {
            Files.createDirectories(dir.resolve("objects"));
            // It holds the secret key: mode 0600, like every secret the platform keeps.
            SecretFile.write(properties, String.join("\n",
                    "# Written by confab at every start; edit the confab configuration instead.",
                    "s3proxy.endpoint=http://" + host + ":" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + config.accessKey(),
                    "s3proxy.credential=" + config.secretKey(),
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("objects"),
                    ""));
            Files.writeString(logback, ServerLogging.logback("WARN", "org.gaul.s3proxy.Main"));
        });
        launchJvm(classpath, ServerProcess.withStartUpCompiler(List.of("-Xms64m", "-Xmx256m", "-Dlogback.configurationFile=" + logback.toUri())),
                "org.gaul.s3proxy.Main", List.of("--properties", properties.toString()), "s3");
        awaitReady(timeout);
    }

    /** This store's S3 API, path-style, as every process of the platform signs for it. */
    public S3Endpoint endpoint() {
        return S3Endpoint.pathStyle(address(), config.region(), config.accessKey(), config.secretKey());
    }

    /** A new S3 client for this store (the caller closes it). */
    public S3Client client() {
        return endpoint().client(new S3Endpoint.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    @Override
    public Health check() {
        try (S3Client client = client()) {
            int buckets = client.listBuckets().buckets().size();
            return Health.up(buckets + " bucket(s)");
        } catch (RuntimeException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
