package io.confab.jobs.usage;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MeterCountersTest {

    @Test
    void countersBeforeAndAfterBindingAreServedByOutcomeAndTopic() {
        MeterCounters counters = new MeterCounters();
        counters.read("meeting.events");
        counters.read("meeting.events");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        counters.bindTo(registry);
        counters.read("meeting.events");
        counters.rejected("recording.artifacts");

        String text = registry.scrape();

        assertTrue(text.contains("# HELP confab_usage_events_total "), text);
        assertTrue(text.contains("confab_usage_events_total{outcome=\"read\",topic=\"meeting.events\"} 3.0"), text);
        assertTrue(text.contains("confab_usage_events_total{outcome=\"rejected\",topic=\"recording.artifacts\"} 1.0"), text);
    }
}
