package io.confab.orchestration.platform;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * What every component that runs as a process of its own shares: the host it binds, its data
 * directory ({@code data/<name>}) and the log directory, the installation its class path comes from,
 * its process, and how that process is started, awaited, stopped and listed. A component adds only
 * what is its own: its ports, its command line and its health check.
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

    protected ProcessComponent(PlatformConfig config, Installation installation, String dirName) {
        this(config, installation, dirName, config.internalHost());
    }

    /** A component that listens on {@code host} rather than the internal address. */
    protected ProcessComponent(PlatformConfig config, Installation installation, String dirName, String host) {
        this.host = host;
        this.dir = config.dataDir().resolve(dirName);
        this.logs = config.dataDir().resolve("logs");
        this.installation = installation;
    }

    /** Embedded unless an external service was named instead (the servers override this). */
    @Override
    public boolean embedded() {
        return true;
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
