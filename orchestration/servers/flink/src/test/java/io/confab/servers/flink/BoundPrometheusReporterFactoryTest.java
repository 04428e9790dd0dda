package io.confab.servers.flink;

import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.prometheus.BoundPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class BoundPrometheusReporterFactoryTest {

    @Test
    void flinkFindsTheFactoryOnTheClassPath() {
        assertTrue(ServiceLoader.load(MetricReporterFactory.class).stream()
                        .anyMatch(p -> p.type() == BoundPrometheusReporterFactory.class),
                "META-INF/services names the factory, as Flink's ReporterSetup looks it up");
    }

    @Test
    void servesTheMetricsOnTheNamedHostOnly() throws Exception {
        BoundPrometheusReporter reporter = reporter("127.0.0.1", "0");
        try {
            SimpleCounter counter = new SimpleCounter();
            counter.inc(7);
            reporter.notifyOfAddedMetric(counter, "segmentsOut", new ScopedGroup());
            InetSocketAddress address = reporter.address();
            assertEquals("127.0.0.1", address.getAddress().getHostAddress(), "bound to the named host, not the wildcard");
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + address.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("flink_test_segmentsOut 7.0"), scrape.body());
            InetAddress other = nonLoopbackAddress();
            if (other != null) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(other, address.getPort()), 2000);
                    fail("the reporter answers on " + other + ", not only on 127.0.0.1");
                } catch (ConnectException expected) {
                    // Refused: nothing listens on that address.
                }
            }
        } finally {
            reporter.close();
        }
    }

    @Test
    void refusesAMissingOrWildcardHostAndABadPortNamingTheKey() {
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class, () -> reporter("", "9249"));
        assertTrue(noHost.getMessage().contains("'host' is missing"), noHost.getMessage());
        for (String any : new String[] {"0.0.0.0", "::", "[::]", "::0", "0:0:0:0:0:0:0:0", "0000::"}) {
            IllegalArgumentException wildcard = assertThrows(IllegalArgumentException.class, () -> reporter(any, "9249"), any);
            assertTrue(wildcard.getMessage().contains("'host' is the wildcard " + any), wildcard.getMessage());
        }
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> reporter("127.0.0.1", "9249-9260"));
        assertTrue(range.getMessage().contains("'port' must be a port number, got '9249-9260'"), range.getMessage());
        IllegalArgumentException tooHigh = assertThrows(IllegalArgumentException.class, () -> reporter("127.0.0.1", "70000"));
        assertTrue(tooHigh.getMessage().contains("'port' must be 0-65535"), tooHigh.getMessage());
    }

    private static BoundPrometheusReporter reporter(String host, String port) {
        MetricConfig config = new MetricConfig();
        config.setProperty("host", host);
        config.setProperty("port", port);
        return (BoundPrometheusReporter) new BoundPrometheusReporterFactory().createMetricReporter(config);
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    /** A metric group with the logical scope "test", as the reporter asks of Flink's own groups. */
    private static final class ScopedGroup extends UnregisteredMetricsGroup implements LogicalScopeProvider {
        @Override
        public String getLogicalScope(CharacterFilter filter) {
            return "test";
        }

        @Override
        public String getLogicalScope(CharacterFilter filter, char delimiter) {
            return "test";
        }

        @Override
        public MetricGroup getWrappedMetricGroup() {
            return this;
        }
    }
}
