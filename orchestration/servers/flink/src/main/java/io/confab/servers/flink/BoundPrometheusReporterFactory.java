package io.confab.servers.flink;

import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.BoundPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.net.InetSocketAddress;
import java.util.Properties;

/**
 * Makes a {@link BoundPrometheusReporter} from {@code metrics.reporter.NAME.host} and
 * {@code metrics.reporter.NAME.port}, both required: the launcher writes the internal host into the
 * generated config and gives each Flink process its port on the command line. Flink finds this
 * factory through {@code META-INF/services} on the JobManager's and TaskManager's class path.
 */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {

    static final String HOST = "host";
    static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        MetricConfig config = properties instanceof MetricConfig metricConfig ? metricConfig : copy(properties);
        String host = config.getString(HOST, "").strip();
        String port = config.getString(PORT, "").strip();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("metrics reporter: '" + HOST + "' is missing; name the address to listen on"
                    + " (a wildcard would serve the metrics on every interface)");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metrics reporter: '" + PORT + "' must be a port number, got '" + port + "'");
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("metrics reporter: '" + PORT + "' must be 0-65535, got " + number);
        }
        InetSocketAddress address = new InetSocketAddress(host, number);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("metrics reporter: '" + HOST + "' " + host + " does not resolve to an address");
        }
        // By address, not by spelling: "::0", "0:0:0:0:0:0:0:0" and "0.0.0.0" are all the wildcard.
        if (address.getAddress().isAnyLocalAddress()) {
            throw new IllegalArgumentException("metrics reporter: '" + HOST + "' is the wildcard " + host
                    + "; name one address");
        }
        return new BoundPrometheusReporter(address);
    }

    private static MetricConfig copy(Properties properties) {
        MetricConfig config = new MetricConfig();
        config.putAll(properties);
        return config;
    }
}
