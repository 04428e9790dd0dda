package io.confab.orchestration.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.confab.orchestration.cds.ClassDataArchive;
import io.confab.orchestration.cds.ClassDataArchives;

/**
 * One embedded server's JVM: started in a session of its own (so a Ctrl-C in the terminal reaches
 * only the launcher, which then stops the servers in order), output appended to its log file, and
 * stopped with SIGTERM, then SIGKILL if it does not exit in time. Every server JVM maps its kind's
 * class-data sharing archive when there is one, or writes it as it exits ({@link ClassDataArchive}).
 */
public final class ServerProcess {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /**
     * The grace of a server writing its class-data archive as it exits (its first run only): at load
     * 45 on two cores web, data-api and the usage meter took longer than 30 s to write theirs, were
     * killed, and their half-written archives were thrown away.
     */
    private static final Duration STOP_GRACE_WRITING_ARCHIVE = Duration.ofMinutes(2);

    /**
     * JVM options for a server whose steady-state speed no bench measures (Cassandra, S3Proxy,
     * PostgreSQL's wrapper, Flink's JobManager, one-shot tools such as Kafka's storage format): the
     * client compiler (C1) only. Starting up, C2 compiling the start-up code was most of these JVMs'
     * CPU, and every server starts at once on two cores; their later work in Confab is light
     * (a few queries, objects and job submissions a second). Never for the servers a bench measures:
     * Kafka's broker, realtime-core (SFU, TURN, signaling), the usage meter, Flink's TaskManager (the
     * jobs). Measured in orchestration/README.md, "Suite time".
     */
    public static final List<String> START_UP_COMPILER = List.of("-XX:TieredStopAtLevel=1");

    /** {@code jvm} followed by {@link #START_UP_COMPILER}, as a new list. */
    public static List<String> withStartUpCompiler(List<String> jvm) {
        List<String> options = new ArrayList<>(jvm);
        options.addAll(START_UP_COMPILER);
        return options;
    }

    /** This process's archives: the environment's ({@code CONFAB_CDS}, the cache directory) unless the CLI set them. */
    private static volatile ClassDataArchives classData;

    private final String name;
    /** The command without the archive's options, which {@link #start} inserts at {@link #archiveOptionsAt}. */
    private final List<String> command;
    private final int archiveOptionsAt;
    private final ClassDataArchive archive;
    private final Path log;
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private Process process;
    private boolean writingArchive;

    private ServerProcess(String name, List<String> command, int archiveOptionsAt, ClassDataArchive archive, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.archiveOptionsAt = archiveOptionsAt;
        this.archive = archive;
        this.log = log;
    }

    /** The archives every server JVM started from now on uses (the CLI's, from its environment). */
    public static void useClassData(ClassDataArchives archives) {
        classData = archives;
    }

    private static ClassDataArchives classData() {
        ClassDataArchives archives = classData;
        if (archives == null) {
            archives = ClassDataArchives.fromEnvironment(System.getenv());
            classData = archives;
        }
        return archives;
    }

    /**
     * A JVM running {@code mainClass} behind the parent watch.
     *
     * @param jvmOptions memory and system properties for the server
     */
    public static ServerProcess jvm(String name, String classpath, List<String> jvmOptions, String mainClass,
                                    List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.add(Installation.javaExecutable());
        command.add("-cp");
        command.add(classpath);
        command.add("-Dconfab.server=" + name);
        int archiveOptionsAt = command.size();
        command.addAll(jvmOptions);
        command.add("io.confab.servers.ParentWatch");
        command.add(mainClass);
        command.addAll(args);
        return new ServerProcess(name, command, archiveOptionsAt, classData().forStart(name, classpath), log);
    }

    /** Stops a component's processes in the order given; null stands for one never started. */
    static void stopAll(ServerProcess... processes) {
        for (ServerProcess process : processes) {
            if (process != null) {
                process.stop();
            }
        }
    }

    /** The pids of a component's started processes (nulls, never started, are left out). */
    static List<Long> pidsOf(ServerProcess... processes) {
        List<Long> pids = new ArrayList<>();
        for (ServerProcess process : processes) {
            if (process != null) {
                pids.add(process.pid());
            }
        }
        return pids;
    }

    /** Extra environment variables for the process (set before {@link #start}). */
    ServerProcess withEnvironment(java.util.Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    public void start() throws StartupFailure {
        try {
            Files.createDirectories(log.getParent());
            List<String> options = archive.jvmOptions();
            writingArchive = options.stream().anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
            List<String> full = new ArrayList<>(command);
            full.addAll(archiveOptionsAt, options);
            ProcessBuilder builder = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().putAll(environment);
            // Vosk's OpenBLAS would start a busy-waiting thread per core in the task manager; one
            // recognizer is one thread, and spinning threads starve everything else on two cores.
            builder.environment().put("OPENBLAS_NUM_THREADS", "1");
            builder.environment().put("OMP_NUM_THREADS", "1");
            process = builder.start();
        } catch (IOException e) {
            throw new StartupFailure(name, "cannot start its process: " + e.getMessage(), "see " + log);
        }
    }

    /** Runs the same JVM set-up to completion, for one-off tools such as storage formatting. */
    public int runToCompletion(Duration timeout) throws StartupFailure {
        start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // stop() puts a written archive in place once the process has ended.
                stop();
                throw new StartupFailure(name, "did not finish within " + timeout.toSeconds() + " s", "see " + log);
            }
            archive.keepWritten(process.exitValue());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new StartupFailure(name, "interrupted", null);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Why the process ended, for a start-up failure: exit code and the last lines of its log. */
    public String exitReport() {
        String code = process == null ? "not started" : "exited with code " + process.exitValue();
        return "its process " + code + " during start-up (last log line: " + lastLogLine() + ")";
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path log() {
        return log;
    }

    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            Duration grace = writingArchive ? STOP_GRACE_WRITING_ARCHIVE : STOP_GRACE;
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (!process.isAlive()) {
            // A server that started without an archive wrote one as it exited (SIGTERM runs the JVM's
            // exit); one killed after the grace (exit 137) may have left half a file, never kept.
            archive.keepWritten(process.exitValue());
        }
    }

    /**
     * The line of the log that best says why the process ended: the last exception or error line
     * (a stack trace's frames say where, not why), else the last line.
     */
    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            String chosen = lines.isEmpty() ? "empty" : lines.get(lines.size() - 1);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                if (!line.startsWith("at ") && !line.startsWith("...")
                        && (line.contains("Exception") || line.contains("Error") || line.contains("ERROR"))) {
                    chosen = line;
                    break;
                }
            }
            return chosen.length() > 240 ? chosen.substring(0, 240) + "..." : chosen;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
