package io.confab.orchestration.platform;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherMetersTest {

    /** A component whose health is fixed and whose checks are counted; nothing runs. */
    private record Stub(String name, boolean healthy, AtomicInteger checks) implements Component {
        @Override
        public String address() {
            return "stub";
        }

        @Override
        public boolean embedded() {
            return true;
        }

        @Override
        public void start(Duration timeout) {
        }

        @Override
        public Health check() {
            checks.incrementAndGet();
            return healthy ? Health.up("fine") : Health.down("refused");
        }

        @Override
        public void stop() {
        }

        @Override
        public Map<String, Integer> ports() {
            return Map.of();
        }

        @Override
        public List<Long> pids() {
            return List.of();
        }
    }

    @Test
    void eachComponentsHealthIsAGaugeCheckedOncePerScrape() {
        AtomicInteger kafkaChecks = new AtomicInteger();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new LauncherMeters(List.of(new Stub("kafka", true, kafkaChecks), new Stub("cassandra", false, new AtomicInteger())))
                .bindTo(registry);

        String text = registry.scrape();

        assertTrue(text.contains("# HELP confab_component_up "), text);
        assertTrue(text.contains("confab_component_up{component=\"kafka\"} 1.0"), text);
        assertTrue(text.contains("confab_component_up{component=\"cassandra\"} 0.0"), text);
        registry.scrape();
        assertEquals(1, kafkaChecks.get(), "two scrapes within 5 s share one round of checks");
    }
}
