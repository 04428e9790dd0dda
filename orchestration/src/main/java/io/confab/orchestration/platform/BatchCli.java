package io.confab.orchestration.platform;

import io.confab.storage.kafka.KafkaLogin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of batch-jobs' command-line programs in a JVM of its own (Beam's dependency tree stays out of
 * the launcher's), given the platform's addresses as flags after the subcommand name and its secrets
 * in the environment, not as flags, which show in the process list. Used by {@code confab billing},
 * {@code confab warehouse}, their benches, the demo and the nightly export of {@code confab up}.
 */
public enum BatchCli {
    /** Monthly billing: run, report, reconcile, preview, bench; reads usage from Cassandra. */
    BILLING("io.confab.batch.billing.cli.BillingCommand"),
    /** The Parquet warehouse export (Kafka to S3 warehouse/), on the DirectRunner or the Flink session cluster. */
    WAREHOUSE("io.confab.batch.warehouse.cli.WarehouseCommand");

    private final String main;

    BatchCli(String main) {
        this.main = main;
    }

    /** Only billing reads Cassandra (the usage totals); it alone gets its address and login. */
    private boolean readsCassandra() {
        return this == BILLING;
    }

    /**
     * {@code java heap ... MAIN args}, with the platform's flags inserted after the subcommand name
     * and its secrets in the environment; with {@code config} null (help, a bench), {@code args} alone.
     */
    public ProcessBuilder process(Installation installation, List<String> args, PlatformConfig config, String heap)
            throws StartupFailure {
        List<String> command = new ArrayList<>(List.of(Installation.javaExecutable(), heap,
                "-XX:+UseParallelGC", "-cp", installation.moduleClasspath("batch-jobs"), main));
        List<String> rest = new ArrayList<>(args);
        if (config != null && !rest.isEmpty()) {
            rest.addAll(1, connection(config));
            String figures = figuresFile(rest.get(0));
            if (figures != null) {
                rest.add(1, "--metrics-file=" + TextfileCollector.directoryOf(config).resolve(figures));
            }
        }
        command.addAll(rest);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (config != null) {
            putSecrets(config, builder.environment());
        }
        return builder;
    }

    /**
     * The file in the data directory's {@code metrics/} where a run of {@code subcommand} leaves its
     * figures for the launcher's {@code /metrics} ({@link TextfileCollector}), or null for the
     * subcommands that are no job run (reports, previews, benches).
     */
    String figuresFile(String subcommand) {
        return switch (this) {
            case BILLING -> subcommand.equals("run") ? "billing-run.prom" : null;
            case WAREHOUSE -> subcommand.equals("export") ? "warehouse-export.prom" : null;
        };
    }

    /** The platform's addresses (and logins' user names) as the program's flags. */
    List<String> connection(PlatformConfig config) {
        Platform platform = Platform.describe(config);
        List<String> flags = new ArrayList<>(List.of("--kafka=" + platform.kafka().address(),
                "--s3-endpoint=" + platform.s3().address(), "--s3-region=" + config.s3().region(),
                "--s3-access-key=" + config.s3().accessKey(), "--s3-bucket=" + config.s3().bucket()));
        if (readsCassandra()) {
            flags.addAll(List.of("--cassandra=" + platform.cassandra().address(),
                    "--cassandra-datacenter=" + platform.cassandra().datacenter()));
        }
        flags.add("--flink=" + platform.flink().address());
        if (readsCassandra() && platform.cassandra().login().required()) {
            flags.add("--cassandra-user=" + platform.cassandra().login().user());
        }
        if (platform.kafka().login().required()) {
            flags.add("--kafka-user=" + platform.kafka().login().user());
        }
        return flags;
    }

    private void putSecrets(PlatformConfig config, Map<String, String> environment) {
        environment.put("CONFAB_S3_SECRET_KEY", config.s3().secretKey());
        Platform platform = Platform.describe(config);
        if (readsCassandra() && platform.cassandra().login().required()) {
            environment.put("CONFAB_CASSANDRA_PASSWORD", platform.cassandra().login().password());
        }
        if (platform.kafka().login().required()) {
            environment.put(KafkaLogin.PASSWORD_VARIABLE, platform.kafka().login().password());
        }
    }
}
