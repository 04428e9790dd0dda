package io.confab.orchestration;

import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.StartupFailure;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real platform, started once per test run (the first test class that asks for it) and shared
 * by every test class, on free ports, over a data directory under {@code target/}. Inject it with
 * {@code @ExtendWith(SharedPlatform.class)} and a {@link Platform} parameter.
 */
public final class SharedPlatform implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPlatform.class);

    /** Short, so a test sees an emptied meeting end without waiting a minute. */
    public static final int EMPTY_MEETING_GRACE_SECONDS = 2;
    /**
     * realtime-core's Kafka delivery timeout: 15 s, so that the outbox test's 40 s Kafka outage
     * outlasts it (the real default is 120 s; issue #18's 15-minute outage runs beside the suite on a
     * realtime-core of its own with the default, see {@code meetings.LongKafkaOutage}).
     */
    public static final int EVENT_DELIVERY_TIMEOUT_SECONDS = 15;

    /** The SFU's DTLS handshake timeout on the test platform (the reference's is 30 s). */
    public static final int HANDSHAKE_TIMEOUT_SECONDS = 10;

    /** Short, so a test sees the recordings retention sweep act without waiting an hour. */
    public static final int RETENTION_SWEEP_SECONDS = 3;

    /** The repository root: tests run in orchestration/. */
    public static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    /** The shared platform, started by the first test of the run that asks for it. */
    public static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
    }

    /** A fresh data directory under target/ for a test's own platform or CLI run. */
    public static Path newDataDir(String name) {
        try {
            Path parent = Files.createDirectories(Path.of("target/test-data").toAbsolutePath());
            return Files.createTempDirectory(parent, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tests' realtime-core settings, as an operator gives them ({@code confab up --core-config}):
     * two timeouts shorter than the reference's, so that tests see them pass: Kafka's delivery
     * timeout, and the SFU's DTLS handshake timeout (10 s, not 30 s; {@code SfuBadInputTest} waits
     * for a silent peer's handshake to be abandoned).
     */
    private static Path coreConfig(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-core.properties"),
                    "kafka-delivery-timeout-seconds=" + EVENT_DELIVERY_TIMEOUT_SECONDS + "\n"
                            + "sfu-handshake-timeout-seconds=" + HANDSHAKE_TIMEOUT_SECONDS + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tests' usage meter rules, as an operator gives them ({@code confab up --usage-config}), so
     * that every shared platform goes through that path: {@code quiet} at 15 s, so a metered month
     * settles 45 s sooner than at the meter's default. At 15 s a whole-suite run once lost a month's
     * meeting minutes: a pause of the meter made a meeting quiet between its own events, and it was
     * settled at a live meeting's time, weeks ahead; quiet now counts only time the meter ran and moves
     * on the replay's own time while it flows (stream-jobs/README.md, "Event time").
     */
    public static final int USAGE_QUIET_SECONDS = 15;

    private static Path usageConfig(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-usage.properties"),
                    "quiet=PT" + USAGE_QUIET_SECONDS + "S\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration for a platform of all embedded servers on free ports over {@code dataDir}. */
    public static PlatformConfig config(Path dataDir) {
        return new PlatformConfig(HOME, dataDir, "127.0.0.1",
                new PlatformConfig.Kafka(null, 0, 0, 1, null, null),
                new PlatformConfig.Cassandra(null, 0, 0, "datacenter1", 1),
                new PlatformConfig.S3(null, 0, "confab", "confab-secret", "us-east-1", "confab"),
                new PlatformConfig.Postgres(null, 0, "postgres", "", "confab"),
                new PlatformConfig.Flink(null, 0, 0, 4),
                new PlatformConfig.Web(0, "auto", null, EMPTY_MEETING_GRACE_SECONDS, coreConfig(dataDir)),
                new PlatformConfig.Turn(0, "confab", null),
                new PlatformConfig.Sfu(0, -1, 0),
                new PlatformConfig.DataApi(0, 3600, RETENTION_SWEEP_SECONDS))
                .withUsage(new PlatformConfig.Usage(usageConfig(dataDir)));
    }

    /** The shared platform; {@link #restart()} stops it and starts it again over the same data. */
    public static final class Running implements ExtensionContext.Store.CloseableResource {
        private final PlatformConfig config;
        private Platform platform;

        private Running(PlatformConfig config, Platform platform) {
            this.config = config;
            this.platform = platform;
        }

        static Running start() {
            PlatformConfig config = config(newDataDir("shared"));
            try {
                return new Running(config, Platform.start(config, line -> System.out.println("[platform] " + line)));
            } catch (StartupFailure e) {
                throw new IllegalStateException("the shared platform did not start: " + e.getMessage(), e);
            }
        }

        public Platform platform() {
            return platform;
        }

        /** What realtime-core's operator endpoints ({@code /api/sfu/stats}) ask for as a bearer token. */
        public String operatorKey() {
            return io.confab.orchestration.platform.WebServer.operatorKey(config.dataDir());
        }

        public synchronized void restart() throws StartupFailure {
            platform.stop();
            platform = Platform.start(config, line -> System.out.println("[platform restart] " + line));
        }

        @Override
        public void close() {
            platform.stop();
        }
    }
}
