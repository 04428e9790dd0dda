package io.confab.jobs.usage.live;

import io.confab.jobs.usage.presence.MeterRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meter's /metrics page, whole and narrowed to named families. */
class LiveServerTest {

    @Test
    void servesOnlyTheFamiliesNamedInTheQueryAndEveryFamilyWithout() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("confab_usage_events").tag("outcome", "read").register(registry).increment(7);
        Counter.builder("confab_usage_ledger_rows_written").register(registry).increment(2);
        // /metrics does not touch Kafka Streams; /health and /live do.
        try (LiveServer server = new LiveServer("127.0.0.1", 0, null, registry, MeterRules.DEFAULTS)) {
            String one = get(server, "/metrics?name%5B%5D=confab_usage_events_total");
            String all = get(server, "/metrics");

            assertTrue(one.contains("confab_usage_events_total{outcome=\"read\"} 7.0"), one);
            assertFalse(one.contains("confab_usage_ledger_rows_written"), one);
            assertTrue(all.contains("confab_usage_events_total{outcome=\"read\"} 7.0"), all);
            assertTrue(all.contains("confab_usage_ledger_rows_written_total 2.0"), all);
        }
    }

    private static String get(LiveServer server, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
