package io.confab.orchestration.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of batch-jobs' warehouse CLI in a JVM of its own (Beam's dependency tree stays out
 * of the launcher's), given the platform's Kafka, S3 and Flink session cluster (for {@code --runner flink}); used by {@code confab warehouse} and by the
 * nightly export of {@code confab up}.
 */
public final class WarehouseExportJob {

    public static final String MAIN = "io.confab.batch.warehouse.cli.WarehouseCommand";

    private WarehouseExportJob() {
    }

    /** {@code java ... WarehouseCommand args} with {@code connection} inserted after the subcommand name. */
    public static ProcessBuilder process(Installation installation, List<String> args, PlatformConfig config, String heap)
            throws StartupFailure {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), heap,
                "-XX:+UseParallelGC", "-cp", installation.moduleClasspath("batch-jobs"), MAIN));
        List<String> rest = new ArrayList<>(args);
        if (config != null && !rest.isEmpty()) {
            rest.addAll(1, connection(config));
        }
        command.addAll(rest);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (config != null) {
            // The secret goes by the environment, not a flag: flags show in the process list.
            builder.environment().putAll(Map.of("CONFAB_S3_SECRET_KEY", config.s3().secretKey()));
            io.confab.storage.kafka.KafkaLogin kafka = Platform.describe(config).kafka().login();
            if (kafka.required()) {
                builder.environment().put(io.confab.storage.kafka.KafkaLogin.PASSWORD_VARIABLE, kafka.password());
            }
        }
        return builder;
    }

    static List<String> connection(PlatformConfig config) {
        Platform platform = Platform.describe(config);
        List<String> flags = new java.util.ArrayList<>(List.of("--kafka=" + platform.kafka().address(),
                "--s3-endpoint=" + platform.s3().address(), "--s3-region=" + config.s3().region(),
                "--s3-access-key=" + config.s3().accessKey(), "--s3-bucket=" + config.s3().bucket(),
                "--flink=" + platform.flink().address()));
        if (platform.kafka().login().required()) {
            flags.add("--kafka-user=" + platform.kafka().login().user());
        }
        return flags;
    }
}
