package io.confab.orchestration.cli;

import io.confab.orchestration.platform.Installation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bench run in a JVM of its own on a module's class path, so it measures the code on the
 * dependency tree it runs on in the platform rather than the launcher's: its output is ours, it is
 * stopped when we are (and by {@code ParentWatch} if we die), and its exit is ours.
 */
final class ForkedBench {

    private ForkedBench() {
    }

    /**
     * Runs {@code main} with {@code args} under {@code jvmOptions}; with {@code jfr} not null, it also
     * records a Java Flight Recording into that file. 0 when the bench succeeded, else {@link ConfabCommand#FAILED}.
     */
    static int run(String classpath, List<String> jvmOptions, Path jfr, String main, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Installation.javaExecutable(), "-cp", classpath));
        command.addAll(jvmOptions);
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr.toAbsolutePath());
        }
        command.add("io.confab.servers.ParentWatch");
        command.add(main);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process bench = builder.start();
        Thread stop = new Thread(bench::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        int exit = bench.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return exit == 0 ? 0 : ConfabCommand.FAILED;
    }
}
