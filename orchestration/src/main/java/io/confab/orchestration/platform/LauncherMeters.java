package io.confab.orchestration.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The launcher's meters: {@code confab_component_up{component}} (1 healthy, 0 not), checked in each
 * component's own protocol like {@code confab status}. A scrape runs the checks together, at most
 * once per {@link #MAX_AGE}, so Prometheus scraping every second does not hammer the servers.
 */
final class LauncherMeters implements MeterBinder {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final List<Component> components;
    private Map<String, Boolean> last = Map.of();
    private long checkedAt;

    LauncherMeters(List<Component> components) {
        this.components = List.copyOf(components);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Component component : components) {
            Gauge.builder("confab_component_up", this, meters -> meters.healthy(component.name()) ? 1 : 0)
                    .description("1 when the component answers its own protocol's health check, else 0")
                    .tag("component", component.name())
                    // Nothing else holds these meters: a weakly held gauge reads NaN after a GC.
                    .strongReference(true).register(registry);
        }
    }

    private synchronized boolean healthy(String name) {
        long now = System.nanoTime();
        if (last.isEmpty() || now - checkedAt > MAX_AGE.toNanos()) {
            Map<String, CompletableFuture<Health>> checks = new HashMap<>();
            components.forEach(c -> checks.put(c.name(), CompletableFuture.supplyAsync(c::check)));
            Map<String, Boolean> fresh = new HashMap<>();
            checks.forEach((component, check) -> fresh.put(component, check.join().healthy()));
            last = fresh;
            checkedAt = System.nanoTime();
        }
        return last.getOrDefault(name, false);
    }
}
