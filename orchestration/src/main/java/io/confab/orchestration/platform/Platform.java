package io.confab.orchestration.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on one machine: starts every component (embedded servers in parallel, each as
 * its own process), applies the data contracts, records its state for {@code status} and
 * {@code down}, and stops everything in reverse order.
 */
public final class Platform implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final PlatformConfig config;
    private final Ports ports;
    private final KafkaBroker kafka;
    private final CassandraNode cassandra;
    private final S3Store s3;
    private final PostgresServer postgres;
    private final FlinkCluster flink;
    private final WebServer web;
    private final TurnRelay turn;
    private final MediaPort sfu;
    private final StreamJobs jobs;
    private final DataApi dataApi;
    private final UsageMeter usage;
    private final List<Component> components;
    /** The launcher's own Prometheus endpoint; port beside the web's, like realtime-core's. */
    private final int metricsPort;
    private io.confab.core.metrics.MetricsServer metrics;
    private volatile boolean running;

    private Platform(PlatformConfig given) {
        PlatformConfig config = InternalCredentials.apply(given);
        this.config = config;
        Installation installation = new Installation(config.home());
        this.ports = new Ports(List.of(config.host(), config.internalHost()), config.dataDir());
        this.kafka = new KafkaBroker(config, installation, ports);
        this.cassandra = new CassandraNode(config, installation, ports);
        this.s3 = new S3Store(config, installation, ports);
        this.postgres = new PostgresServer(config, installation, ports);
        this.flink = new FlinkCluster(config, installation, ports);
        this.turn = new TurnRelay(config, ports);
        this.sfu = new MediaPort(config, ports);
        this.usage = new UsageMeter(config, installation, ports, kafka, cassandra);
        this.dataApi = new DataApi(config, installation, ports, cassandra, s3, kafka, usage);
        this.web = new WebServer(config, installation, ports, kafka, postgres, turn, sfu, dataApi);
        this.jobs = new StreamJobs(config, installation, flink, kafka, cassandra, s3);
        // Start order; stop is the reverse. The data servers start together; data-api needs
        // Cassandra's and S3's contracts, web forwards to data-api; TURN and the SFU run inside
        // the web process. The streaming jobs are submitted to Flink meanwhile.
        this.components = List.of(postgres, s3, kafka, cassandra, flink, usage, dataApi, web, turn, sfu);
        this.metricsPort = ports.beside("launcher-metrics-port", 8098, config.web().port() == 8080);
    }

    /** Where Prometheus scrapes the launcher (component health as gauges, the batch jobs' last runs, the launcher's JVM). */
    public String metricsAddress() {
        return "http://" + config.internalHost() + ":" + metricsPort + "/metrics";
    }

    /**
     * The platform's components at the addresses of {@code config} without starting anything, for
     * checks against a platform started elsewhere.
     */
    public static Platform describe(PlatformConfig config) {
        return new Platform(config);
    }

    /** Starts the platform and returns once every component is healthy and the contracts are applied. */
    public static Platform start(PlatformConfig config, Progress progress) throws StartupFailure {
        requireWritable(config.dataDir());
        Platform platform = new Platform(config);
        platform.startAll(progress);
        return platform;
    }

    private void startAll(Progress progress) throws StartupFailure {
        Instant begin = Instant.now();
        PlatformState.read(config.dataDir()).ifPresent(Platform::refuseIfRunning);
        for (Component component : components) {
            for (var port : component.ports().entrySet()) {
                ports.requireFree(component.name(), port.getValue(), port.getKey());
            }
        }
        for (int port : sfu.threadPorts().subList(1, sfu.threadPorts().size())) {
            ports.requireFree(sfu.name(), port, "--sfu-port (media thread i listens on sfu-port + i) or --sfu-media-threads");
        }
        ports.requireFree("launcher", metricsPort, "--web-port (the launcher's metrics port follows it)");
        ports.save();
        running = true;
        try {
            // External services first: if one is unreachable, nothing has been started in vain.
            for (Component component : components) {
                if (!component.embedded()) {
                    component.start(START_TIMEOUT);
                    afterReady(component);
                    progress.line(readyLine(component, "reachable", begin));
                }
            }
            startEmbedded(progress, begin);
            // The jobs go to Flink while the processes below start: neither waits for the other.
            CompletableFuture<Void> submitted = CompletableFuture.runAsync(() -> {
                try {
                    jobs.start(START_TIMEOUT);
                } catch (StartupFailure e) {
                    throw new CompletionException(e);
                }
            });
            // The usage meter starts beside data-api and web; it is awaited once they are up.
            usage.launch();
            // data-api and web start together (neither calls the other while starting); both read
            // the token secret, so it is made once before either.
            WebServer.tokenSecretFile(config);
            CompletableFuture<Void> dataApiReady = CompletableFuture.runAsync(() -> {
                try {
                    dataApi.start(START_TIMEOUT);
                    progress.line(readyLine(dataApi, "ready", begin));
                } catch (StartupFailure e) {
                    throw new CompletionException(e);
                }
            });
            web.start(START_TIMEOUT);
            progress.line(readyLine(web, "ready", begin));
            turn.start(START_TIMEOUT);
            progress.line(readyLine(turn, turn.loopbackPeersAllowed() ? "ready (loopback peers allowed)" : "ready", begin));
            sfu.start(START_TIMEOUT);
            progress.line(readyLine(sfu, "ready", begin));
            usage.awaitHealthy(START_TIMEOUT);
            progress.line(readyLine(usage, "ready", begin));
            try {
                dataApiReady.join();
                submitted.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof StartupFailure failure) {
                    throw failure;
                }
                throw e;
            }
            progress.line(String.format(Locale.ROOT, "  %-10s %-28s %s in %.1f s", "recording", "job on flink " + flink.address(),
                    "running", seconds(begin)));
            progress.line(String.format(Locale.ROOT, "  %-10s %-28s %s in %.1f s", "transcribe", "job on flink " + flink.address(),
                    "running", seconds(begin)));
            serveMetrics();
            writeState(true);
        } catch (StartupFailure | RuntimeException e) {
            stop();
            throw e;
        }
        progress.line(String.format(Locale.ROOT, "All %d components healthy in %.1f s.", components.size(), seconds(begin)));
    }

    private void serveMetrics() throws StartupFailure {
        metrics = new io.confab.core.metrics.MetricsServer();
        new LauncherMeters(components).bindTo(metrics.registry());
        metrics.registry().getPrometheusRegistry().register(new TextfileCollector(TextfileCollector.directoryOf(config)));
        try {
            metrics.start(config.internalHost(), metricsPort);
        } catch (IOException e) {
            throw new StartupFailure("launcher", "cannot serve metrics on " + config.internalHost() + ":" + metricsPort + ": " + e.getMessage(),
                    "free the port, or start with --random-ports");
        }
    }

    private void startEmbedded(Progress progress, Instant begin) throws StartupFailure {
        List<Component> embedded = components.stream().filter(c -> c.embedded() && c != usage && c != dataApi && c != web && c != turn && c != sfu).toList();
        if (embedded.isEmpty()) {
            return;
        }
        ExecutorService starters = Executors.newFixedThreadPool(embedded.size(), runnable -> {
            Thread thread = new Thread(runnable, "confab-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (Component component : embedded) {
                started.add(CompletableFuture.runAsync(() -> {
                    try {
                        component.start(START_TIMEOUT);
                        afterReady(component);
                        progress.line(readyLine(component, "ready", begin));
                    } catch (StartupFailure e) {
                        throw new CompletionException(e);
                    }
                }, starters));
            }
            writeState(false);
            awaitAll(started, embedded, progress, begin);
        } finally {
            starters.shutdownNow();
        }
    }

    /**
     * What follows a server's start at once: storage's contract for a data server, so that the
     * Cassandra schema, the slowest step, overlaps with the other servers' starts; for Flink, the
     * job jar's upload.
     */
    private void afterReady(Component component) throws StartupFailure {
        if (component == flink) {
            jobs.upload();
        } else if (component == kafka) {
            ContractBootstrap.createTopics(config, kafka);
        } else if (component == cassandra) {
            ContractBootstrap.applyCassandraSchema(config, cassandra);
        } else if (component == s3) {
            ContractBootstrap.createBucket(config, s3);
        } else if (component == postgres) {
            ContractBootstrap.createDatabase(postgres);
        }
    }

    /** Waits for every start, reporting who is still starting now and then; the first failure wins. */
    private void awaitAll(List<CompletableFuture<Void>> started, List<Component> embedded, Progress progress,
                          Instant begin) throws StartupFailure {
        CompletableFuture<Void> firstFailure = new CompletableFuture<>();
        started.forEach(f -> f.whenComplete((ok, error) -> {
            if (error != null) {
                firstFailure.completeExceptionally(error);
            }
        }));
        CompletableFuture<Object> done = CompletableFuture.anyOf(
                CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)), firstFailure);
        while (true) {
            try {
                done.get(10, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                List<String> waiting = new ArrayList<>();
                for (int i = 0; i < started.size(); i++) {
                    if (!started.get(i).isDone()) {
                        waiting.add(embedded.get(i).name());
                    }
                }
                progress.line(String.format(Locale.ROOT, "  ... waiting for %s (%.0f s)",
                        String.join(", ", waiting), seconds(begin)));
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
                if (cause instanceof StartupFailure failure) {
                    throw failure;
                }
                throw new IllegalStateException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure("start-up interrupted");
            }
        }
    }

    private static String readyLine(Component component, String what, Instant begin) {
        return String.format(Locale.ROOT, "  %-10s %-28s %s in %.1f s", component.name(), component.address(),
                what, seconds(begin));
    }

    private static double seconds(Instant begin) {
        return Duration.between(begin, Instant.now()).toMillis() / 1000.0;
    }

    private static void refuseIfRunning(PlatformState state) {
        if (state.supervisorAlive() && state.supervisorPid() != ProcessHandle.current().pid()) {
            throw new AlreadyRunning(state.supervisorPid());
        }
        // A launcher that died without stopping its servers: end what is left of them.
        state.killLeftoverServers();
    }

    /** Thrown when another launcher already runs a platform from the same data directory. */
    public static final class AlreadyRunning extends RuntimeException {
        public AlreadyRunning(long pid) {
            super("confab: a platform is already running from this data directory (launcher pid " + pid
                    + "); see './confab status' or stop it with './confab down'");
        }
    }

    private static void requireWritable(Path dataDir) throws StartupFailure {
        try {
            Files.createDirectories(dataDir);
            Path probe = Files.createTempFile(dataDir, ".write-check", "");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new StartupFailure("data directory", dataDir + " is not writable (" + reason + ")",
                    "choose another with --data-dir or CONFAB_DATA_DIR");
        }
    }

    /**
     * Starts one of this platform's components again (after it stopped, crashed or was killed; the
     * others keep running) and records its new process, so that status and the benchmarks find it.
     */
    public synchronized void restart(Component component, Duration timeout) throws StartupFailure {
        component.stop();
        component.start(timeout);
        writeState(true);
    }

    private void writeState(boolean ready) {
        try {
            new PlatformState(ProcessHandle.current().pid(), Instant.now(), ready, effectiveConfig(),
                    components.stream().map(c -> new PlatformState.ComponentState(
                            c.name(), c.address(), c.embedded(), c.pids())).toList())
                    .write(config.dataDir());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The configuration with every port chosen at start-up filled in. */
    public PlatformConfig effectiveConfig() {
        return new PlatformConfig(config.home(), config.dataDir(), config.host(),
                new PlatformConfig.Kafka(config.kafka().external(), port(kafka, "--kafka-port"),
                        port(kafka, "--kafka-controller-port"), config.kafka().replicationFactor(), config.kafka().user(),
                        config.kafka().passwordFile()),
                new PlatformConfig.Cassandra(config.cassandra().external(), port(cassandra, "--cassandra-port"),
                        port(cassandra, "--cassandra-storage-port"), config.cassandra().datacenter(),
                        config.cassandra().replicationFactor()),
                new PlatformConfig.S3(config.s3().external(), port(s3, "--s3-port"), config.s3().accessKey(),
                        config.s3().secretKey(), config.s3().region(), config.s3().bucket()),
                new PlatformConfig.Postgres(config.postgres().external(), port(postgres, "--postgres-port"),
                        config.postgres().user(), config.postgres().password(), config.postgres().database()),
                new PlatformConfig.Flink(config.flink().external(), port(flink, "--flink-port"),
                        port(flink, "--flink-rpc-port"), config.flink().taskSlots()),
                new PlatformConfig.Web(port(web, "--web-port"), config.web().tls(), config.web().tokenSecret(),
                        config.web().emptyMeetingGraceSeconds(), config.web().coreConfig()),
                new PlatformConfig.Turn(port(turn, "--turn-port"),
                        config.turn().tlsPort() < 0 ? -1 : port(turn, "--turn-tls-port"), config.turn().realm(), config.turn().secret(),
                        config.turn().limits()),
                new PlatformConfig.Sfu(port(sfu, "--sfu-port"), config.sfu().lastN(), config.sfu().mediaThreads()),
                new PlatformConfig.DataApi(port(dataApi, "--data-api-port"), config.dataApi().linkTtlSeconds(),
                        config.dataApi().retentionSweepSeconds()),
                config.internalHost(), config.usage());
    }

    private static int port(Component component, String flag) {
        return component.ports().getOrDefault(flag, 0);
    }

    public List<Component> components() {
        return components;
    }

    public PlatformConfig config() {
        return config;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public CassandraNode cassandra() {
        return cassandra;
    }

    public S3Store s3() {
        return s3;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public FlinkCluster flink() {
        return flink;
    }

    public WebServer web() {
        return web;
    }

    public MediaPort sfu() {
        return sfu;
    }

    public StreamJobs jobs() {
        return jobs;
    }

    public DataApi dataApi() {
        return dataApi;
    }

    public UsageMeter usage() {
        return usage;
    }

    public TurnRelay turn() {
        return turn;
    }

    /** Stops every component in reverse start order; the data directory stays. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (metrics != null) {
            metrics.close();
        }
        // The stores' clients first, so none of them sees its store vanish while it shuts down; they
        // do not depend on each other at shutdown, so each waits out only its own grace, together.
        stopTogether(List.of(web, dataApi, usage, flink));
        // Then the stores, which do not depend on each other at shutdown either.
        stopTogether(List.of(cassandra, kafka, s3, postgres));
        PlatformState.delete(config.dataDir());
    }

    private static void stopTogether(List<Component> group) {
        List<Thread> stoppers = new ArrayList<>();
        for (Component component : group) {
            Thread thread = new Thread(component::stop, "confab-stop-" + component.name());
            thread.start();
            stoppers.add(thread);
        }
        for (Thread thread : stoppers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
