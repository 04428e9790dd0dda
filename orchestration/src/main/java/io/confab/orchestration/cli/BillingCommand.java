package io.confab.orchestration.cli;

import io.confab.orchestration.platform.BatchCli;
import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.StartupFailure;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code confab billing run|report|reconcile}: batch-jobs' billing CLI in a JVM of its own (Beam's
 * dependency tree stays out of the launcher's), given the running platform's Kafka, S3 and Cassandra.
 * Everything after {@code billing} is passed on; {@code confab billing --help} shows its commands.
 */
@Command(name = "billing", description = {"Monthly billing: run, report, reconcile (see 'confab billing --help').",
        "  run --month YYYY-MM [--runner direct|flink] [--prices FILE]   report --month YYYY-MM [--account A] [--json]",
        "  reconcile --month YYYY-MM"})
final class BillingCommand extends BatchCliCommand {

    BillingCommand() {
        super(BatchCli.BILLING);
    }

    /**
     * Runs a billing CLI subcommand against the platform and gives its standard output, or null when it
     * failed; its standard error goes to ours.
     */
    static String billingOutput(Installation installation, PlatformConfig config, List<String> args)
            throws IOException, InterruptedException, StartupFailure {
        Process process = BatchCli.BILLING.process(installation, args, config, "-Xmx512m")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? out : null;
    }
}
