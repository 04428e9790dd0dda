package org.apache.flink.metrics.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.exporter.HTTPServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter, serving on one address instead of every interface: Flink 1.19's
 * {@link PrometheusReporter} builds {@code new HTTPServer(port)}, which binds the wildcard address,
 * so a Flink process on a machine with a public address served its metrics to the world.
 * <p>
 * In Flink's package only because the registry the base class fills is package-private in 1.19:
 * the compiler then checks that access, where reflection would fail only at run time.
 */
public final class BoundPrometheusReporter extends AbstractPrometheusReporter {

    private final HttpServer server;
    private final HTTPServer exporter;

    public BoundPrometheusReporter(InetSocketAddress address) {
        try {
            server = HttpServer.create(address, 3);
            exporter = new HTTPServer(server, registry, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Prometheus metrics on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Where it listens (the port chosen by the system when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        exporter.stop();
        super.close();
    }
}
