package io.confab.orchestration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the real {@code confab} CLI as its own process, as a user would, and captures what it says. */
public final class Cli {

    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    public static Process start(Path outFile, Path errFile, String... args) throws IOException {
        return start(List.of(), outFile, errFile, args);
    }

    /**
     * Starts the CLI as a shell starts a background job ({@code ./run-tests > log &} from a script):
     * with SIGINT and SIGQUIT ignored, which the launcher inherits. Ctrl-C must stop it all the same.
     */
    public static Process startAsBackgroundJob(Path outFile, Path errFile, String... args) throws IOException {
        return start(List.of("bash", "-c", "trap '' INT QUIT; exec \"$@\"", "bash"), outFile, errFile, args);
    }

    private static Process start(List<String> wrapper, Path outFile, Path errFile, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions(args));
        command.addAll(List.of("-cp", classpath(), "io.confab.orchestration.Confab"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(outFile.toFile())
                .redirectError(errFile.toFile());
        builder.environment().put("CONFAB_HOME", SharedPlatform.HOME.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("CONFAB_") && !k.equals("CONFAB_HOME"));
        return builder.start();
    }

    /**
     * The JVM options the {@code confab} script gives the command: the client compiler and the serial
     * collector for the commands that measure nothing and carry no media (most of their CPU is
     * start-up), the defaults for {@code bench}, {@code bot}, {@code demo} and {@code transcribe}.
     */
    static List<String> jvmOptions(String... args) {
        String command = args.length == 0 ? "" : args[0];
        List<String> options = new ArrayList<>(List.of("-Xss1m"));
        if (!List.of("bench", "bot", "demo", "transcribe").contains(command)) {
            options.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        }
        return options;
    }

    public static Result run(Duration timeout, String... args) {
        try {
            Path dir = Files.createDirectories(Path.of("target/cli-output"));
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            Process process = start(out, err, args);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("confab " + String.join(" ", args) + " did not finish within "
                        + timeout.toSeconds() + " s; output so far: " + Files.readString(out) + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Processes whose command line mentions {@code path}: what a platform over that data directory left running. */
    public static List<String> processesUsing(Path path) {
        String needle = path.toAbsolutePath().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> !p.getFileName().toString().equals(Long.toString(ProcessHandle.current().pid())))
                    .map(p -> {
                        try {
                            return p.getFileName() + ": " + Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                        } catch (IOException e) {
                            return "";
                        }
                    })
                    .filter(cmdline -> cmdline.contains(needle))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classpath() throws IOException {
        Path module = SharedPlatform.HOME.resolve("orchestration/target");
        return module.resolve("classes") + java.io.File.pathSeparator + Files.readString(module.resolve("classpath.txt")).trim();
    }
}
