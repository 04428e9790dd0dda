package io.confab.jobs.usage;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meter's own counters, by input topic: read, ignored (not metered), duplicate (dropped),
 * rejected (dead-lettered); and usage records written. Served on /metrics as
 * {@code confab_usage_events_total{outcome,topic}} beside Kafka Streams' own: a counter is bound
 * to the registry when its (outcome, topic) first occurs.
 */
public final class MeterCounters implements MeterBinder {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    /** The same adders by outcome, then topic. */
    private final Map<String, Map<String, LongAdder>> byOutcome = new ConcurrentHashMap<>();
    /** Every registry bound (the meter binds the whole one and the one of its own families). */
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    public void read(String topic) {
        add("read", topic);
    }

    public void ignored(String topic) {
        add("ignored", topic);
    }

    public void duplicate(String topic) {
        add("duplicate", topic);
    }

    public void rejected(String topic) {
        add("rejected", topic);
    }

    public void usageRecord() {
        add("usage_records", "usage.records");
    }

    private void add(String what, String topic) {
        // Two levels, so that counting an event builds no key string (this runs for every record read).
        byOutcome.computeIfAbsent(what, w -> new ConcurrentHashMap<>()).computeIfAbsent(topic, t -> {
            String key = what + "|" + t;
            return counts.computeIfAbsent(key, k -> {
                LongAdder adder = new LongAdder();
                registries.forEach(bound -> register(bound, k, adder));
                return adder;
            });
        }).increment();
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        counts.forEach((key, adder) -> register(registry, key, adder));
    }

    private static void register(MeterRegistry registry, String key, LongAdder adder) {
        String[] parts = key.split("\\|", 2);
        FunctionCounter.builder("confab_usage_events", adder, LongAdder::sum)
                .description("input records by topic and outcome (read, ignored, duplicate, rejected; usage_records written)")
                .tags("outcome", parts[0], "topic", parts[1]).register(registry);
    }

    public long get(String what, String topic) {
        LongAdder adder = counts.get(what + "|" + topic);
        return adder == null ? 0 : adder.sum();
    }

    /** Every counter as (what|topic) -> value, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }
}
