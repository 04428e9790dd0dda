package io.confab.jobs.usage;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meter's own counters, by input topic: read, ignored (not metered), duplicate (dropped),
 * rejected (dead-lettered); and usage records written. Served on /metrics beside Kafka Streams' own.
 */
public final class MeterCounters {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

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
        counts.computeIfAbsent(what + "|" + topic, k -> new LongAdder()).increment();
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
