package io.confab.orchestration.cli;

import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.NightlyExport;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.platform.StartupFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code confab up}: starts the platform and keeps it running until Ctrl-C (or {@code down} when detached). */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the Confab platform: Kafka, Cassandra, S3, PostgreSQL, Flink and realtime-core (web), each as its own process.",
                "Prints each component's address as it becomes ready. Ctrl-C stops everything.",
                "A service given as an external address (e.g. --kafka=host:9092) is used instead of starting one."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    ProcessContext context;

    @Mixin
    PlatformOptions options;

    @Option(names = "--detach", description = "Start in the background and return once healthy; stop with 'confab down'.")
    boolean detach;

    @Override
    public Integer call() throws Exception {
        PlatformConfig config = options.toConfig();
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            System.err.println("confab up: " + String.join("; ", problems));
            return ConfabCommand.USAGE;
        }
        return detach ? detach(config) : runInForeground(config);
    }

    private int runInForeground(PlatformConfig config) throws InterruptedException {
        System.out.println("Starting Confab (data in " + config.dataDir() + ")");
        Platform platform;
        try {
            platform = Platform.start(config, line -> {
                System.out.println(line);
                System.out.flush();
            });
        } catch (StartupFailure e) {
            System.err.println("confab up: " + e.getMessage());
            return ConfabCommand.FAILED;
        } catch (Platform.AlreadyRunning e) {
            System.err.println(e.getMessage());
            return ConfabCommand.FAILED;
        }
        // The ports chosen at start (--random-ports): the export's child JVM must reach the servers that
        // run, not free ports picked anew for the unresolved configuration.
        NightlyExport nightly = NightlyExport.start(new Installation(context.home()), platform.effectiveConfig(), line -> {
            System.out.println(line);
            System.out.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Confab...");
            nightly.close();
            platform.stop();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "confab-shutdown"));
        System.out.println("Web client: " + platform.web().address() + "/");
        System.out.println("Confab is up. Data in " + config.dataDir() + ", logs in " + config.dataDir().resolve("logs")
                + ". Stop with Ctrl-C" + (context.environment().containsKey("CONFAB_DETACHED") ? " or './confab down'." : "."));
        stopped.await();
        return 0;
    }

    /**
     * Starts this same command without {@code --detach} in a session of its own, logging to
     * {@code logs/confab.log}, shows that log until the platform is ready, and returns.
     */
    private int detach(PlatformConfig config) throws IOException, InterruptedException {
        Path log = config.dataDir().resolve("logs/confab.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Files.createFile(log);
        List<String> command = new ArrayList<>(List.of("setsid",
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(ProcessHandle.current().info().arguments()
                .map(args -> Arrays.stream(args).filter(a -> a.startsWith("-D") || a.startsWith("-X")).toList())
                .orElse(List.of()));
        command.add(io.confab.orchestration.Confab.class.getName());
        command.addAll(Arrays.stream(context.args()).filter(a -> !a.equals("--detach")).toList());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("CONFAB_DETACHED", "1");
        builder.environment().put("CONFAB_HOME", context.home().toString());
        Process supervisor = builder.start();

        long shown = 0;
        while (true) {
            shown = show(log, shown);
            var state = PlatformState.read(config.dataDir());
            if (state.isPresent() && state.get().supervisorPid() == supervisor.pid() && state.get().ready()) {
                show(log, shown);
                System.out.println("Running in the background (launcher pid " + supervisor.pid() + "); stop with './confab down'.");
                return 0;
            }
            if (supervisor.waitFor(Duration.ofMillis(200).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                show(log, shown);
                return supervisor.exitValue() == 0 ? ConfabCommand.FAILED : supervisor.exitValue();
            }
        }
    }

    /** Prints what was appended to {@code log} since {@code from}; returns the new position. */
    private static long show(Path log, long from) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= from) {
                return from;
            }
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            System.out.print(new String(bytes, StandardCharsets.UTF_8));
            System.out.flush();
            return length;
        }
    }
}
