package io.confab.batch.runner;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * A pipeline's counters as its runner reports them at one moment: the committed value where the
 * runner has one, the attempted value where it has none (Flink's runner commits nothing), summed
 * over the steps that count under the same name.
 */
public final class RunCounters {

    private final MetricQueryResults metrics;

    private RunCounters(MetricQueryResults metrics) {
        this.metrics = metrics;
    }

    /** The counters of a running or finished pipeline, as they stand now. */
    public static RunCounters of(PipelineResult result) {
        return new RunCounters(result.metrics().queryMetrics(MetricsFilter.builder().build()));
    }

    /** The total of the counter {@code name}; 0 when nothing counted under it. */
    public long total(String name) {
        long total = 0;
        for (MetricResult<Long> counter : metrics.getCounters()) {
            if (counter.getName().getName().equals(name)) {
                total += value(counter);
            }
        }
        return total;
    }

    /** The totals of every counter named {@code prefix + suffix}, by suffix, in suffix order. */
    public Map<String, Long> byPrefix(String prefix) {
        Map<String, Long> totals = new TreeMap<>();
        for (MetricResult<Long> counter : metrics.getCounters()) {
            String name = counter.getName().getName();
            if (name.startsWith(prefix)) {
                totals.merge(name.substring(prefix.length()), value(counter), Long::sum);
            }
        }
        return totals;
    }

    private static long value(MetricResult<Long> counter) {
        try {
            return counter.getCommitted();
        } catch (UnsupportedOperationException e) {
            return counter.getAttempted();
        }
    }
}
