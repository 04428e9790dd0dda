package io.confab.batch.cli;

import io.confab.storage.kafka.KafkaLogin;
import picocli.CommandLine.Option;

/**
 * Where the running platform's Kafka, S3 and Flink session cluster are: the options every batch
 * command takes, which {@code confab billing} and {@code confab warehouse} fill in with the
 * platform's addresses. Secrets come from the environment, never from a flag: flags show in the
 * process list.
 */
public final class PlatformAddresses {

    /** The S3 secret key's environment variable. */
    public static final String S3_SECRET_VARIABLE = "CONFAB_S3_SECRET_KEY";

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    private String kafka;

    @Option(names = "--kafka-user", paramLabel = "USER",
            description = "Authenticate to Kafka as this SCRAM-SHA-512 user; its password comes from the environment variable "
                    + KafkaLogin.PASSWORD_VARIABLE + ".")
    private String kafkaUser;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3 endpoint.")
    private String s3Endpoint;

    @Option(names = "--s3-region", defaultValue = "us-east-1", description = "S3 region (default: ${DEFAULT-VALUE}).")
    private String s3Region;

    @Option(names = "--s3-access-key", defaultValue = "confab", description = "S3 access key (default: ${DEFAULT-VALUE}).")
    private String s3AccessKey;

    @Option(names = "--s3-bucket", defaultValue = "confab", description = "S3 bucket (default: ${DEFAULT-VALUE}).")
    private String s3Bucket;

    @Option(names = "--flink", paramLabel = "HOST:PORT", description = "The Flink session cluster's REST address (for --runner flink).")
    private String flink;

    /** {@code --kafka}, or null when not given. */
    public String kafka() {
        return kafka;
    }

    /** The Kafka login: {@code --kafka-user} with the password from the environment. */
    public KafkaLogin kafkaLogin() {
        return KafkaLogin.fromEnvironment(kafkaUser, System.getenv());
    }

    /** {@code --s3-endpoint}, or null when not given. */
    public String s3Endpoint() {
        return s3Endpoint;
    }

    public String s3Region() {
        return s3Region;
    }

    public String s3AccessKey() {
        return s3AccessKey;
    }

    /** The S3 secret key from {@value #S3_SECRET_VARIABLE}; empty when it is not set. */
    public String s3SecretKey() {
        return System.getenv().getOrDefault(S3_SECRET_VARIABLE, "");
    }

    public String s3Bucket() {
        return s3Bucket;
    }

    /** {@code --flink}, or null when not given. */
    public String flink() {
        return flink;
    }
}
