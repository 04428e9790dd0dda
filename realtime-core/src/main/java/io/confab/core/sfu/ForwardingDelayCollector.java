package io.confab.core.sfu;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.List;
import java.util.Map;

/**
 * {@link ForwardingDelay} as the Prometheus histogram {@code confab_sfu_forwarding_delay_seconds}.
 * Each media thread keeps writing its own fine buckets (about 3 % wide, no allocation); a scrape
 * folds them into a dozen coarse ones. No {@code _sum}: the fine buckets do not keep one, and an
 * estimate would be a made-up figure.
 */
final class ForwardingDelayCollector implements Collector {

    static final String NAME = "confab_sfu_forwarding_delay_seconds";

    private final List<ForwardingDelay> delays;
    private final long[] boundsMicros;

    /** {@code delays}: one histogram per media thread, added together at each scrape. */
    ForwardingDelayCollector(List<ForwardingDelay> delays, long[] boundsMicros) {
        this.delays = List.copyOf(delays);
        this.boundsMicros = boundsMicros.clone();
    }

    @Override
    public MetricSnapshot collect() {
        double[] upper = new double[boundsMicros.length + 1];
        long[] counts = new long[boundsMicros.length + 1];
        for (int i = 0; i < boundsMicros.length; i++) {
            upper[i] = boundsMicros[i] / 1e6;
        }
        upper[boundsMicros.length] = Double.POSITIVE_INFINITY;
        for (Map.Entry<Long, Long> fine : ForwardingDelay.merged(delays).entrySet()) {
            // A fine bucket with upper bound u holds delays below u + 1 µs.
            counts[coarse(fine.getKey() + 1)] += fine.getValue();
        }
        return HistogramSnapshot.builder().name(NAME).unit(Unit.SECONDS)
                .help("time from reading a datagram to handing one receiver's copy to the socket")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts)).build())
                .build();
    }

    private int coarse(long micros) {
        for (int i = 0; i < boundsMicros.length; i++) {
            if (micros <= boundsMicros[i]) {
                return i;
            }
        }
        return boundsMicros.length;
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
