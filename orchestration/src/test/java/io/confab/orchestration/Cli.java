package io.confab.orchestration;

import io.confab.orchestration.cds.ClassDataArchive;
import io.confab.orchestration.cds.ClassDataArchives;
import io.confab.orchestration.platform.Installation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /**
     * How the CLI's JVM is started: the class-data sharing archives it maps or writes (kind
     * {@code cli-<command>}, as the {@code confab} script's), entries added at the end of its class path, and
     * JVM options added.
     */
    public record Jvm(ClassDataArchives archives, List<String> addedClasspath, List<String> addedOptions) {
        /** What the {@code confab} script does, with this test run's environment. */
        public static final Jvm USUAL = new Jvm(ClassDataArchives.fromEnvironment(System.getenv()), List.of(), List.of());
    }

    public static Process start(Path outFile, Path errFile, String... args) throws IOException {
        return start(Jvm.USUAL, List.of(), outFile, errFile, args).process();
    }

    /**
     * Starts the CLI as a shell starts a background job ({@code ./run-tests > log &} from a script):
     * with SIGINT and SIGQUIT ignored, which the launcher inherits. Ctrl-C must stop it all the same.
     */
    public static Process startAsBackgroundJob(Path outFile, Path errFile, String... args) throws IOException {
        return start(Jvm.USUAL, List.of("bash", "-c", "trap '' INT QUIT; exec \"$@\"", "bash"), outFile, errFile, args)
                .process();
    }

    /** A started CLI JVM, and the step that puts the archive it writes at exit in place. */
    private record Started(Process process, CompletableFuture<Void> archiveKept) {
    }

    private static Started start(Jvm jvm, List<String> wrapper, Path outFile, Path errFile, String... args) throws IOException {
        List<String> classpath = new ArrayList<>(List.of(classpath()));
        classpath.addAll(jvm.addedClasspath());
        String path = String.join(java.io.File.pathSeparator, classpath);
        ClassDataArchive archive = jvm.archives().forStart(ClassDataArchives.cliKind(args), path);
        List<String> command = new ArrayList<>(wrapper);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions(args));
        command.addAll(archive.jvmOptions());
        command.addAll(jvm.addedOptions());
        command.addAll(List.of("-cp", path, "io.confab.orchestration.Confab"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(outFile.toFile())
                .redirectError(errFile.toFile());
        builder.environment().put("CONFAB_HOME", SharedPlatform.HOME.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("CONFAB_") && !k.equals("CONFAB_HOME"));
        Process process = builder.start();
        // The archive is written as the JVM exits: put in place then, whoever waits for the process.
        return new Started(process, process.onExit().thenAccept(ended -> archive.keepWritten(ended.exitValue())));
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
        return run(Jvm.USUAL, timeout, args);
    }

    public static Result run(Jvm jvm, Duration timeout, String... args) {
        try {
            Path dir = Files.createDirectories(Path.of("target/cli-output"));
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            Started started = start(jvm, List.of(), out, err, args);
            Process process = started.process();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("confab " + String.join(" ", args) + " did not finish within "
                        + timeout.toSeconds() + " s; output so far: " + Files.readString(out) + Files.readString(err));
            }
            started.archiveKept().join();
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
        return new Installation(SharedPlatform.HOME).cliClasspath();
    }
}
