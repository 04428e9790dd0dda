package io.confab.orchestration.platform;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Flink session cluster: embedded as one JobManager process and one TaskManager process (so a
 * TaskManager can be killed and restarted like on a real cluster), or an external cluster by its
 * REST address. Streaming jobs are submitted to it over REST either way.
 */
public final class FlinkCluster extends ProcessComponent {

    /*
     * Without Flink's start scripts nobody derives the TaskManager's memory layout, so every
     * component is set here and the JVM flags below are their sums:
     * heap = framework heap + task heap; direct = framework off-heap + task off-heap + network.
     */
    private static final int FRAMEWORK_HEAP_MB = 128;
    /* The recording mixer keeps each recording's last seconds of packets and its decoded pictures on the heap. */
    private static final int TASK_HEAP_MB = 768;
    private static final int FRAMEWORK_OFF_HEAP_MB = 64;
    private static final int TASK_OFF_HEAP_MB = 0;
    private static final int NETWORK_MB = 64;
    private static final int MANAGED_MB = 128;
    private static final int METASPACE_MB = 256;
    private static final int OVERHEAD_MB = 128;

    private final PlatformConfig.Flink config;
    private final int port;
    private final int rpcPort;
    /** Each process's Prometheus reporter (flink-metrics-prometheus's, bound to {@code host}); 9249 is its customary port. */
    private final int jobManagerMetricsPort;
    private final int taskManagerMetricsPort;
    /** Jar upload over REST ({@code /jars/upload}, {@code /jars/{id}/run}) is on only while Flink is on loopback. */
    private final boolean jarUpload;
    private ServerProcess jobManager;
    private ServerProcess taskManager;

    public FlinkCluster(PlatformConfig config, Installation installation, Ports ports) {
        // Loopback whatever --internal-host is: Flink's REST, RPC and blob ports have no authentication
        // here (mutual TLS is planned), and Flink's own REST handlers reach the blob server of their
        // JobManager at "localhost" (a local RPC gateway's host name), so a JobManager bound elsewhere
        // cannot take a job at all. The session cluster is on this one machine; a cluster across
        // machines is named with --flink.
        super(config, installation, "flink", PlatformConfig.LOOPBACK, new ExternalService(
                config.flink().external() == null ? null : "http://" + config.flink().external(), "--flink", Duration.ofSeconds(10)));
        this.config = config.flink();
        this.jarUpload = !config.internalExposed();
        this.port = listenOn(ports, "flink-port", this.config.port());
        this.rpcPort = listenOn(ports, "flink-rpc-port", this.config.rpcPort());
        boolean defaults = this.config.port() == 8081;
        this.jobManagerMetricsPort = listenBeside(ports, "flink-jobmanager-metrics-port", 9249, defaults);
        this.taskManagerMetricsPort = listenBeside(ports, "flink-taskmanager-metrics-port", 9250, defaults);
    }

    /** The JobManager's reporter; the TaskManager's, where the jobs' metrics are, is in {@link #metricsAddresses}. */
    @Override
    public String metricsAddress() {
        return embedded() ? "http://" + host + ":" + jobManagerMetricsPort + "/metrics" : null;
    }

    @Override
    public List<String> metricsAddresses() {
        return embedded() ? List.of(metricsAddress(), "http://" + host + ":" + taskManagerMetricsPort + "/metrics") : List.of();
    }

    @Override
    public String name() {
        return "flink";
    }

    @Override
    protected String ownAddress() {
        return "http://" + host + ":" + port;
    }

    public FlinkRest rest() {
        return new FlinkRest(address());
    }

    @Override
    protected void startProcess(Duration timeout) throws StartupFailure {
        String classpath = installation.serverClasspath("flink");
        Path conf = dir.resolve("conf");
        Path log4j = conf.resolve("log4j.properties");
        writeConfiguration(() -> {
            Files.createDirectories(conf);
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("uploads"));
            Files.writeString(conf.resolve("config.yaml"), configYaml());
            Files.writeString(log4j, ServerLogging.log4j2("WARN",
                    "org.apache.flink.runtime.entrypoint.ClusterEntrypoint",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    // One line per recording started and finalized.
                    "io.confab.jobs")
                    // The Kafka sink's committer re-registers a gauge at every checkpoint and Flink
                    // warns each time; nothing is wrong, so the log stays quiet.
                    + "logger.quiet1.name = org.apache.flink.metrics.MetricGroup\nlogger.quiet1.level = ERROR\n");
        });
        List<String> common = List.of("-Dlog4j.configurationFile=" + log4j.toUri(), "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-Dlog.file=" + logs.resolve("flink.log"), "-XX:+UseG1GC",
                "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED");
        List<String> jm = new ArrayList<>(List.of("-Xms128m", "-Xmx512m", "-XX:MaxMetaspaceSize=256m"));
        jm.addAll(common);
        jm.addAll(ServerProcess.START_UP_COMPILER);
        jobManager = ServerProcess.jvm("flink-jobmanager", classpath, jm,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("-c", conf.toString(), "-D", "metrics.reporter.prom.port=" + jobManagerMetricsPort),
                logs.resolve("flink-jobmanager.log"));
        jobManager.start();
        startTaskManager();
        Readiness.await(this, timeout, () -> jobManager.alive() && taskManager.alive(),
                () -> (jobManager.alive() ? taskManager : jobManager).exitReport() + "; see " + logs,
                detail -> new StartupFailure(name(), "not healthy " + timeout.toSeconds() + " s after start (" + detail + ")",
                        "see " + logs.resolve("flink-jobmanager.log") + " and flink-taskmanager.log"));
    }

    /** Starts the TaskManager; also used to bring one back after it was killed. */
    public void startTaskManager() throws StartupFailure {
        int heap = FRAMEWORK_HEAP_MB + TASK_HEAP_MB;
        int direct = FRAMEWORK_OFF_HEAP_MB + TASK_OFF_HEAP_MB + NETWORK_MB;
        List<String> tm = new ArrayList<>(List.of("-Xms" + heap + "m", "-Xmx" + heap + "m",
                "-XX:MaxDirectMemorySize=" + direct + "m", "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m",
                "-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri(),
                "-Dlog4j2.configurationFile=" + dir.resolve("conf/log4j.properties").toUri(),
                "-XX:+UseG1GC", "-Djava.awt.headless=true",
                // The GPL FFmpeg build (libx264) on the class path; JavaCPP picks it by this extension.
                "-Dorg.bytedeco.javacpp.platform.extension=-gpl",
                "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        taskManager = ServerProcess.jvm("flink-taskmanager", installation.serverClasspath("flink"), tm,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                List.of("-c", dir.resolve("conf").toString(), "-D", "metrics.reporter.prom.port=" + taskManagerMetricsPort),
                logs.resolve("flink-taskmanager.log"));
        taskManager.start();
    }

    /** Whether jobs can be submitted as uploaded jars over REST (an external cluster: assumed so). */
    public boolean jarUploadEnabled() {
        return !embedded() || jarUpload;
    }

    /**
     * Submits a job the way {@code flink run --detached} does, from a client JVM of its own on Flink's
     * class path: the job's main method builds the job graph there and the client posts it with the
     * jar to {@code POST /jobs}, which does not depend on jar upload being enabled. Used when jar
     * upload is off; returns the job id.
     */
    public String submitFromClient(Path jar, String entryClass, List<String> args, int parallelism) throws StartupFailure {
        Path log = logs.resolve("flink-submit.log");
        List<String> command = new ArrayList<>(List.of("run", "--detached", "-p", Integer.toString(parallelism),
                "-c", entryClass, jar.toString()));
        command.addAll(args);
        long before;
        try {
            Files.createDirectories(logs);
            before = Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new StartupFailure(name(), "cannot write " + log + ": " + e.getMessage(), "check the data directory");
        }
        ServerProcess client = ServerProcess.jvm("flink-submit", installation.serverClasspath("flink"),
                List.of("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri(),
                        "-Dlog4j2.configurationFile=" + dir.resolve("conf/log4j.properties").toUri(),
                        "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED"),
                "org.apache.flink.client.cli.CliFrontend", command, log)
                .withEnvironment(Map.of("FLINK_CONF_DIR", dir.resolve("conf").toString()));
        int exit = client.runToCompletion(Duration.ofMinutes(3));
        String output;
        try {
            byte[] all = Files.readAllBytes(log);
            output = new String(all, (int) Math.min(before, all.length), (int) Math.max(0, all.length - before),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StartupFailure(name(), "cannot read " + log + ": " + e.getMessage(), "check the data directory");
        }
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
        if (exit != 0 || !id.find()) {
            throw new StartupFailure(name(), "submitting " + entryClass + " from a client failed (exit " + exit + ")", "see " + log);
        }
        return id.group(1);
    }

    /** Kills the TaskManager at once (SIGKILL), as a crashed machine would. */
    public void killTaskManager() {
        if (taskManager != null) {
            ProcessHandle.of(taskManager.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private String configYaml() {
        return String.join("\n",
                "# Written by confab at every start; edit the confab configuration instead.",
                "jobmanager.rpc.address: " + host,
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: " + host,
                "jobmanager.memory.process.size: 768m",
                "rest.address: " + host,
                "rest.bind-address: " + host,
                "rest.port: " + port,
                "taskmanager.host: " + host,
                "taskmanager.bind-host: " + host,
                "taskmanager.rpc.port: 0",
                "taskmanager.data.port: 0",
                "blob.server.port: 0",
                "taskmanager.numberOfTaskSlots: " + config.taskSlots(),
                "parallelism.default: 1",
                "taskmanager.cpu.cores: " + Runtime.getRuntime().availableProcessors(),
                "taskmanager.memory.framework.heap.size: " + FRAMEWORK_HEAP_MB + "m",
                "taskmanager.memory.task.heap.size: " + TASK_HEAP_MB + "m",
                "taskmanager.memory.framework.off-heap.size: " + FRAMEWORK_OFF_HEAP_MB + "m",
                "taskmanager.memory.task.off-heap.size: " + TASK_OFF_HEAP_MB + "m",
                "taskmanager.memory.managed.size: " + MANAGED_MB + "m",
                "taskmanager.memory.network.min: " + NETWORK_MB + "m",
                "taskmanager.memory.network.max: " + NETWORK_MB + "m",
                "taskmanager.memory.jvm-metaspace.size: " + METASPACE_MB + "m",
                // A batch job's (the billing run on Beam's Flink runner) shuffle reads take this from the framework
                // off-heap memory; its 64m default is all of it, and the job failed with "Can't allocate enough direct
                // buffer for batch shuffle read buffer pool".
                "taskmanager.memory.framework.off-heap.batch-shuffle.size: 16m",
                // Each blocking (sort-merge) result partition of a batch job reserves this many network buffers
                // before it writes; 1.19's default of 512 (16 MiB) per partition left the billing run "Insufficient
                // number of network buffers: required 512, but only 465 available" of the 2,048 (64 MiB) beside the
                // streaming jobs. 64 was the default before Flink 1.15 and is plenty at parallelism 1.
                "taskmanager.network.sort-shuffle.min-buffers: 64",
                "taskmanager.memory.jvm-overhead.min: " + OVERHEAD_MB + "m",
                "taskmanager.memory.jvm-overhead.max: " + OVERHEAD_MB + "m",
                "high-availability.type: NONE",
                // Beyond loopback nobody may upload a jar and run it; the launcher submits the jobs
                // from a client JVM instead (submitFromClient).
                "web.submit.enable: " + jarUpload,
                "web.cancel.enable: true",
                "web.upload.dir: " + dir.resolve("uploads"),
                "io.tmp.dirs: " + dir.resolve("tmp"),
                // Flink 1.19's names (1.20 renamed them execution.checkpointing.dir and .savepoint-dir, and still reads these).
                "state.checkpoints.dir: " + dir.resolve("checkpoints").toUri(),
                "state.savepoints.dir: " + dir.resolve("savepoints").toUri(),
                "heartbeat.timeout: 20000",
                // FFmpeg's natives load once per JVM: from the task manager's class path, never a job's.
                // Vosk's (through JNA) likewise, for the transcription job.
                "classloader.parent-first-patterns.additional: [org.bytedeco., org.vosk., com.sun.jna.]",
                // A killed task manager's slots are given up quickly so a restarted one takes the job.
                "resourcemanager.taskmanager-timeout: 10000",
                // Operator metrics in the REST API (confab status, tests) at most a second old.
                "metrics.fetcher.update-interval: 1000",
                // Prometheus scrapes each process; the port is given per process on its command line.
                // Flink 1.19's own reporter has no host setting and binds every interface: ours
                // (orchestration/servers/flink) serves on Flink's host only.
                "metrics.reporter.prom.factory.class: io.confab.servers.flink.BoundPrometheusReporterFactory",
                "metrics.reporter.prom.host: " + host,
                "");
    }

    @Override
    public Health check() {
        try {
            JsonNode overview = rest().overview();
            int taskManagers = overview.path("taskmanagers").asInt();
            int slots = overview.path("slots-total").asInt();
            int running = overview.path("jobs-running").asInt();
            return taskManagers > 0
                    ? Health.up(taskManagers + " task manager(s), " + slots + " slot(s), " + running + " job(s) running")
                    : Health.down("no task manager registered");
        } catch (IOException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** TaskManager first: it would otherwise spend its grace period trying to reach the JobManager. */
    @Override
    public void stop() {
        ServerProcess.stopAll(taskManager, jobManager);
    }

    @Override
    public List<Long> pids() {
        return ServerProcess.pidsOf(jobManager, taskManager);
    }
}
