package io.confab.orchestration.cli;

import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.platform.StartupFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code confab billing run|report|reconcile}: batch-jobs' billing CLI in a JVM of its own (Beam's
 * dependency tree stays out of the launcher's), given the running platform's Kafka, S3 and Cassandra.
 * Everything after {@code billing} is passed on; {@code confab billing --help} shows its commands.
 */
@Command(name = "billing", description = {"Monthly billing: run, report, reconcile (see 'confab billing --help').",
        "  run --month YYYY-MM [--runner direct|flink] [--prices FILE]   report --month YYYY-MM [--account A] [--json]",
        "  reconcile --month YYYY-MM"})
final class BillingCommand implements Callable<Integer>, ConfabCommand.UsesContext {

    static final String MAIN = "io.confab.batch.billing.cli.BillingCommand";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data", description = "The running platform's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Unmatched
    List<String> args = new ArrayList<>();

    private ConfabCommand.ConfabContext context;

    @Override
    public void context(ConfabCommand.ConfabContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        List<String> forwarded = new ArrayList<>(args);
        boolean help = forwarded.isEmpty() || forwarded.contains("--help") || forwarded.contains("-h") || forwarded.get(0).equals("bench");
        List<String> child = new ArrayList<>(forwarded);
        java.util.Map<String, String> environment = new java.util.HashMap<>();
        if (!help) {
            Optional<PlatformState> state = PlatformState.read(dataDir);
            if (state.isEmpty() || !state.get().ready()) {
                System.err.println("confab billing: no running platform in " + dataDir + "; start one with './confab up'");
                return ConfabCommand.FAILED;
            }
            child.addAll(1, connection(state.get().config()));
            putSecrets(state.get().config(), environment);
        }
        return runBilling(new Installation(context.home()), child, environment, "-Xmx1g");
    }

    /** The platform's addresses as the billing CLI's flags. */
    static List<String> connection(PlatformConfig config) {
        Platform platform = Platform.describe(config);
        List<String> flags = new ArrayList<>(List.of("--kafka=" + platform.kafka().address(), "--s3-endpoint=" + platform.s3().address(),
                "--s3-region=" + config.s3().region(), "--s3-access-key=" + config.s3().accessKey(), "--s3-bucket=" + config.s3().bucket(),
                "--cassandra=" + platform.cassandra().address(), "--cassandra-datacenter=" + platform.cassandra().datacenter(),
                "--flink=" + platform.flink().address()));
        if (platform.cassandra().login().required()) {
            flags.add("--cassandra-user=" + platform.cassandra().login().user());
        }
        if (platform.kafka().login().required()) {
            flags.add("--kafka-user=" + platform.kafka().login().user());
        }
        return flags;
    }

    /** The secrets the billing CLI reads from its environment, not from flags (which show in the process list). */
    static void putSecrets(PlatformConfig config, java.util.Map<String, String> environment) {
        environment.put("CONFAB_S3_SECRET_KEY", config.s3().secretKey());
        Platform platform = Platform.describe(config);
        var login = platform.cassandra().login();
        if (login.required()) {
            environment.put("CONFAB_CASSANDRA_PASSWORD", login.password());
        }
        if (platform.kafka().login().required()) {
            environment.put(io.confab.storage.kafka.KafkaLogin.PASSWORD_VARIABLE, platform.kafka().login().password());
        }
    }

    /**
     * Runs a billing CLI subcommand against the platform and gives its standard output, or null when it
     * failed; its standard error goes to ours.
     */
    static String billingOutput(Installation installation, PlatformConfig config, List<String> args)
            throws IOException, InterruptedException, StartupFailure {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", installation.moduleClasspath("batch-jobs"), MAIN));
        command.add(args.get(0));
        command.addAll(connection(config));
        command.addAll(args.subList(1, args.size()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        putSecrets(config, builder.environment());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? out : null;
    }

    /** Runs the billing CLI with {@code args}, its output on ours; its exit code. */
    static int runBilling(Installation installation, List<String> args, java.util.Map<String, String> environment, String heap)
            throws IOException, InterruptedException {
        String classpath;
        try {
            classpath = installation.moduleClasspath("batch-jobs");
        } catch (StartupFailure e) {
            System.err.println("confab billing: " + e.getMessage());
            return ConfabCommand.FAILED;
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), heap,
                "-XX:+UseParallelGC", "-cp", classpath, MAIN));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        return builder.start().waitFor();
    }
}
