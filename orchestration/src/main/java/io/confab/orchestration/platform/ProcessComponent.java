package io.confab.orchestration.platform;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every component that runs as a process of its own shares: the host it binds, its data
 * directory ({@code data/<name>}) and the log directory, the installation its class path comes from,
 * its ports, its process, and how that process is started, awaited, stopped and listed; for a server
 * the operator may name elsewhere instead ({@link ExternalService}), the choice between the two. A
 * component adds only what is its own: its address, its configuration files and command line, and
 * its health check.
 */
public abstract class ProcessComponent implements Component {

    /** The internal address: every process component but web (which binds the public one) listens here. */
    protected final String host;
    /** {@code data/<name>}: the server's own files. */
    protected final Path dir;
    /** {@code data/logs}: every process logs to a file of its own here. */
    protected final Path logs;
    protected final Installation installation;
    /** The running process, or null before start (or for an external service). */
    protected ServerProcess process;
    /** The service named instead of the embedded server; {@link ExternalService#NONE} when there is none. */
    private final ExternalService external;
    /** The embedded server's ports by the flag that sets each, in the order they were resolved. */
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    /** A component that is always a process of ours, on the internal address. */
    protected ProcessComponent(PlatformConfig config, Installation installation, String dirName) {
        this(config, installation, dirName, ExternalService.NONE);
    }

    /** A server on the internal address, or the external service named instead of it. */
    protected ProcessComponent(PlatformConfig config, Installation installation, String dirName, ExternalService external) {
        this(config, installation, dirName, config.internalHost(), external);
    }

    /** A server that listens on {@code host} rather than the internal address, or the external service named instead. */
    protected ProcessComponent(PlatformConfig config, Installation installation, String dirName, String host,
                               ExternalService external) {
        this.host = host;
        this.dir = config.dataDir().resolve(dirName);
        this.logs = config.dataDir().resolve("logs");
        this.installation = installation;
        this.external = external;
    }

    /** Embedded unless an external service was named instead. */
    @Override
    public final boolean embedded() {
        return !external.named();
    }

    /** The external service's address as the operator named it, else {@link #ownAddress}. */
    @Override
    public final String address() {
        return embedded() ? ownAddress() : external.address();
    }

    /** Where clients reach the process this component starts. */
    protected abstract String ownAddress();

    /** The ports the embedded server will listen on, by flag; none for an external service. */
    @Override
    public final Map<String, Integer> ports() {
        return Collections.unmodifiableMap(ports);
    }

    /**
     * Resolves one of the embedded server's ports ({@link Ports#resolve}) and lists it in {@link #ports}
     * under {@code --key}; -1 for an external service, which listens on none of ours.
     */
    protected final int listenOn(Ports resolver, String key, int configured) {
        return embedded() ? listed(key, resolver.resolve(key, configured)) : -1;
    }

    /** The same for a port without a flag of its own that follows its owner's ({@link Ports#beside}). */
    protected final int listenBeside(Ports resolver, String key, int defaultPort, boolean ownerOnDefault) {
        return embedded() ? listed(key, resolver.beside(key, defaultPort, ownerOnDefault)) : -1;
    }

    private int listed(String key, int port) {
        ports.put("--" + key, port);
        return port;
    }

    /**
     * Starts the embedded server and returns once it is healthy, or, for an external service,
     * returns once it answers, failing with the flag that named it when it does not in time.
     */
    @Override
    public final void start(Duration timeout) throws StartupFailure {
        if (!embedded()) {
            Readiness.awaitExternal(this, external.reachWithin(), external.flag());
            return;
        }
        startProcess(timeout);
    }

    /** Starts this component's process (or processes) and returns once the component is healthy. */
    protected abstract void startProcess(Duration timeout) throws StartupFailure;

    /** What writes a server's configuration files under {@link #dir}. */
    @FunctionalInterface
    protected interface ConfigurationFiles {
        void write() throws IOException;
    }

    /** Creates {@link #dir} and writes the configuration into it; a failure names the directory. */
    protected final void writeConfiguration(ConfigurationFiles files) throws StartupFailure {
        try {
            Files.createDirectories(dir);
            files.write();
        } catch (IOException e) {
            throw new StartupFailure(name(), "cannot write its configuration under " + dir + ": " + e.getMessage(),
                    "check the data directory");
        }
    }

    /**
     * Starts {@code mainClass} in a JVM of its own on {@code classpath} as this component's process,
     * logging to {@code data/logs/<logName>.log}; does not wait for it (see {@link #awaitReady}).
     */
    protected final void launchJvm(String classpath, List<String> jvmOptions, String mainClass, List<String> args,
                                   String logName) throws StartupFailure {
        process = ServerProcess.jvm(name(), classpath, jvmOptions, mainClass, args, logs.resolve(logName + ".log"));
        process.start();
    }

    /** Waits until {@link #check} says healthy, failing early with the log's last words if the process dies. */
    protected final void awaitReady(Duration timeout) throws StartupFailure {
        Readiness.awaitEmbedded(this, process, timeout);
    }

    @Override
    public void stop() {
        ServerProcess.stopAll(process);
    }

    @Override
    public List<Long> pids() {
        return ServerProcess.pidsOf(process);
    }

    /**
     * A health check over HTTP: GET {@code url} (3 s), healthy when {@code verdict} gives an up
     * {@link Health} for the answer; a refused connection or timeout is down with its reason.
     *
     * @param tls the context for an https URL (null for plain http)
     */
    protected static Health httpCheck(String url, SSLContext tls, Function<HttpResponse<String>, Health> verdict) {
        try {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
            if (tls != null) {
                builder.sslContext(tls);
            }
            HttpResponse<String> response = builder.build().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return verdict.apply(response);
        } catch (IOException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        }
    }
}
