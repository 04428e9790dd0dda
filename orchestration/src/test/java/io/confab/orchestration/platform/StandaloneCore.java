package io.confab.orchestration.platform;

import java.nio.file.Path;
import java.time.Duration;

/**
 * realtime-core with a PostgreSQL server and a Kafka broker of its own and nothing else (realtime-core
 * needs no other server), so that a test can stop its broker for as long as it needs while the other
 * tests go on with the shared platform, whose restarts it does not feel. It runs with the reference
 * settings: Kafka's delivery timeout is the real 120 s, not the shared platform's 15 s.
 */
public final class StandaloneCore implements AutoCloseable {

    private final Platform parts;

    private StandaloneCore(Platform parts) {
        this.parts = parts;
    }

    /**
     * Starts PostgreSQL, Kafka and realtime-core of {@code config} (a configuration of all-embedded
     * servers on free ports, the shared platform's shape); its other servers are not started, and
     * its core settings file is not used.
     */
    public static StandaloneCore start(PlatformConfig config, Duration timeout) throws StartupFailure {
        PlatformConfig.Web web = config.web();
        Platform parts = Platform.describe(new PlatformConfig(config.home(), config.dataDir(), config.host(), config.kafka(),
                config.cassandra(), config.s3(), config.postgres(), config.flink(),
                new PlatformConfig.Web(web.port(), web.tls(), web.tokenSecret(), web.emptyMeetingGraceSeconds()),
                config.turn(), config.sfu(), config.dataApi(), config.internalHost(), config.usage()));
        StandaloneCore core = new StandaloneCore(parts);
        try {
            parts.postgres().start(timeout);
            ContractBootstrap.createDatabase(parts.postgres());
            parts.kafka().start(timeout);
            ContractBootstrap.createTopics(parts.config(), parts.kafka());
            WebServer.tokenSecretFile(parts.config());
            parts.web().start(timeout);
        } catch (StartupFailure | RuntimeException e) {
            core.close();
            throw e;
        }
        return core;
    }

    public KafkaBroker kafka() {
        return parts.kafka();
    }

    public WebServer web() {
        return parts.web();
    }

    public PostgresServer postgres() {
        return parts.postgres();
    }

    public Path dataDir() {
        return parts.config().dataDir();
    }

    @Override
    public void close() {
        parts.web().stop();
        parts.kafka().stop();
        parts.postgres().stop();
    }
}
