package io.confab.jobs.usage.live;

import io.confab.jobs.usage.presence.MeterRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meter's /metrics page, whole and narrowed to named families; a handler's failure answered. */
class LiveServerTest {

    @Test
    void servesOnlyTheFamiliesNamedInTheQueryAndEveryFamilyWithout() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (PrometheusMeterRegistry each : List.of(registry, own)) {
            Counter.builder("confab_usage_events").tag("outcome", "read").register(each).increment(7);
            Counter.builder("confab_usage_ledger_rows_written").register(each).increment(2);
        }
        // Stands for Kafka Streams' gauges, which are only in the whole registry: counts how often it is read.
        AtomicInteger reads = new AtomicInteger();
        Gauge.builder("kafka_stream_thread_process_rate", reads, AtomicInteger::incrementAndGet).register(registry);
        // /metrics does not touch Kafka Streams; /health and /live do.
        try (LiveServer server = new LiveServer("127.0.0.1", 0, null, registry, own, MeterRules.DEFAULTS)) {
            String one = get(server, "/metrics?name%5B%5D=confab_usage_events_total");
            assertEquals(0, reads.get(), "a query naming only the meter's own families must not collect the others");
            String gauge = get(server, "/metrics?name%5B%5D=kafka_stream_thread_process_rate");
            assertEquals(1, reads.get(), "a query naming another family is answered from the whole registry");
            String all = get(server, "/metrics");

            assertTrue(one.contains("confab_usage_events_total{outcome=\"read\"} 7.0"), one);
            assertFalse(one.contains("confab_usage_ledger_rows_written"), one);
            assertFalse(one.contains("kafka_stream"), one);
            assertTrue(gauge.contains("kafka_stream_thread_process_rate 1.0"), gauge);
            assertFalse(gauge.contains("confab_usage_events"), gauge);
            assertTrue(all.contains("confab_usage_events_total{outcome=\"read\"} 7.0"), all);
            assertTrue(all.contains("confab_usage_ledger_rows_written_total 2.0"), all);
            assertTrue(all.contains("kafka_stream_thread_process_rate"), all);
        }
    }

    /** A handler that throws gets a 500 naming what it threw, not a connection closed without a word. */
    @Test
    void answersWhatAHandlerThrewAsA500() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // No Kafka Streams: /health throws a NullPointerException asking it for its state.
        try (LiveServer server = new LiveServer("127.0.0.1", 0, null, registry, registry, MeterRules.DEFAULTS)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, response.statusCode(), response.body());
            assertTrue(response.body().contains("/health failed: java.lang.NullPointerException"), response.body());
            get(server, "/metrics");                  // and the server goes on: 200, as get asserts
        }
    }

    private static String get(LiveServer server, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
