package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;
import io.confab.batch.billing.usage.PeakConcurrency;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The account's presences on one day (over all its meetings) to the day's PEAK_PARTICIPANTS. */
final class PeakPerDay extends DoFn<KV<String, Iterable<KV<Long, Long>>>, DailyUsage> {

    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<Long, Long>>> accountDay, OutputReceiver<DailyUsage> out) {
        List<Instant[]> intervals = new ArrayList<>();
        for (KV<Long, Long> interval : accountDay.getValue()) {
            intervals.add(new Instant[] {Instant.ofEpochMilli(interval.getKey()), Instant.ofEpochMilli(interval.getValue())});
        }
        String key = accountDay.getKey();
        int bar = key.lastIndexOf('|');
        out.output(new DailyUsage(key.substring(0, bar), LocalDate.parse(key.substring(bar + 1)), Metric.PEAK_PARTICIPANTS,
                PeakConcurrency.of(intervals)));
    }
}
