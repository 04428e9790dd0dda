package io.confab.orchestration.platform;

import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.kafka.KafkaLogin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The credentials of the internal servers. On a loopback internal address everything on this machine
 * is already trusted and the well-known defaults stay (tests, {@code confab up} on a laptop). On any
 * other internal address every embedded server requires credentials: those the operator did not give
 * are generated once and kept in {@code data/secrets/} (mode 0600, written whole or not at all, see
 * {@link SecretFile}), so a restart and every {@code confab} command find the same ones.
 */
public final class InternalCredentials {

    /** Confab's own Cassandra role: every Confab client logs in as it where the node requires a login. */
    public static final String CASSANDRA_ROLE = "confab";

    /** Confab's own Kafka user (SCRAM-SHA-512): every Confab client authenticates as it where the broker requires it. */
    public static final String KAFKA_USER = "confab";

    /** realtime-core's own PostgreSQL role: owns Confab's database, no superuser. */
    public static final String REALTIME_CORE_ROLE = "confab_core";

    private InternalCredentials() {
    }

    public static Path dir(Path dataDir) {
        return dataDir.resolve("secrets");
    }

    /** {@code config} with every credential the operator left unset filled in (idempotent). */
    public static PlatformConfig apply(PlatformConfig config) {
        PlatformConfig.S3 s3 = config.s3();
        if (s3.secretKey() == null || s3.secretKey().isBlank()) {
            s3 = config.internalExposed()
                    ? s3.withKeys(PlatformConfig.S3.DEFAULT_ACCESS_KEY.equals(s3.accessKey())
                            ? "confab-" + kept(config, "s3.access-key").substring(0, 12) : s3.accessKey(),
                    kept(config, "s3.secret-key"))
                    : s3.withKeys(s3.accessKey(), PlatformConfig.S3.DEFAULT_SECRET_KEY);
        }
        PlatformConfig.Postgres postgres = config.postgres();
        if (config.internalExposed() && postgres.external() == null && postgres.password().isEmpty()) {
            postgres = new PlatformConfig.Postgres(null, postgres.port(), postgres.user(), kept(config, "postgres.password"),
                    postgres.database());
        }
        return new PlatformConfig(config.home(), config.dataDir(), config.host(), config.kafka(), config.cassandra(), s3,
                postgres, config.flink(), config.web(), config.turn(), config.sfu(), config.dataApi(), config.internalHost(),
                config.usage());
    }

    /**
     * The password of realtime-core's role {@link #REALTIME_CORE_ROLE} on the embedded PostgreSQL when
     * the internal address is exposed.
     */
    public static String realtimeCorePassword(PlatformConfig config) {
        return kept(config, "postgres-core.password");
    }

    /**
     * How Confab's clients log in to the embedded Cassandra: as {@link #CASSANDRA_ROLE} with a generated
     * password when the internal address is exposed, not at all on loopback. An external Cassandra's
     * credentials are the operator's (flags for them are planned).
     */
    public static CassandraLogin cassandraLogin(PlatformConfig config) {
        if (!config.internalExposed() || config.cassandra().external() != null) {
            return CassandraLogin.NONE;
        }
        return new CassandraLogin(CASSANDRA_ROLE, kept(config, "cassandra.password"));
    }

    /** The file a Confab process reads the Cassandra password from ({@code --cassandra-password-file}). */
    public static Path cassandraPasswordFile(PlatformConfig config) {
        cassandraLogin(config);
        return dir(config.dataDir()).resolve("cassandra.password");
    }

    /** The Cassandra login as the flags of a Confab process: none on loopback. */
    public static java.util.List<String> cassandraLoginArguments(PlatformConfig config) {
        CassandraLogin login = cassandraLogin(config);
        return login.required()
                ? java.util.List.of("--cassandra-user=" + login.user(), "--cassandra-password-file=" + cassandraPasswordFile(config))
                : java.util.List.of();
    }

    /**
     * How Confab's clients authenticate to Kafka: to the embedded broker as {@link #KAFKA_USER} with a
     * generated password when the internal address is exposed, not at all on loopback; to an external
     * one as the operator's {@code --kafka-user} with the password in {@code --kafka-password-file},
     * or not at all.
     */
    public static KafkaLogin kafkaLogin(PlatformConfig config) {
        PlatformConfig.Kafka kafka = config.kafka();
        if (kafka.external() != null) {
            return kafka.user() == null ? KafkaLogin.NONE : KafkaLogin.of(kafka.user(), kafka.passwordFile().toString());
        }
        if (!config.internalExposed()) {
            return KafkaLogin.NONE;
        }
        return new KafkaLogin(KAFKA_USER, kept(config, "kafka.password"));
    }

    /** The file a Confab process reads the Kafka password from ({@code --kafka-password-file}). */
    public static Path kafkaPasswordFile(PlatformConfig config) {
        kafkaLogin(config);
        return config.kafka().external() != null ? config.kafka().passwordFile() : dir(config.dataDir()).resolve("kafka.password");
    }

    /** The Kafka login as the flags of a Confab process: none on loopback. */
    public static java.util.List<String> kafkaLoginArguments(PlatformConfig config) {
        KafkaLogin login = kafkaLogin(config);
        return login.required()
                ? java.util.List.of("--kafka-user=" + login.user(), "--kafka-password-file=" + kafkaPasswordFile(config))
                : java.util.List.of();
    }

    /** Both logins as the flags of a Confab process that reads Kafka and Cassandra (data-api, the usage meter). */
    public static java.util.List<String> loginArguments(PlatformConfig config) {
        return java.util.stream.Stream.concat(cassandraLoginArguments(config).stream(), kafkaLoginArguments(config).stream()).toList();
    }

    /** The file holding the embedded PostgreSQL superuser's password (what the server is told to require). */
    static Path postgresPasswordFile(PlatformConfig config) {
        kept(config, "postgres.password");
        return dir(config.dataDir()).resolve("postgres.password");
    }

    private static String kept(PlatformConfig config, String name) {
        Path file = dir(config.dataDir()).resolve(name);
        try {
            return SecretFile.keep(file, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a generated credential in " + file, e);
        }
    }
}
