package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

import java.time.LocalDate;
import java.time.YearMonth;

/** Per account, UTC day of the month and metric: the sum of every part. */
final class DailyTotals extends PTransform<PCollection<DailyUsage>, PCollection<DailyUsage>> {

    private final YearMonth month;

    DailyTotals(YearMonth month) {
        this.month = month;
    }

    @Override
    public PCollection<DailyUsage> expand(PCollection<DailyUsage> parts) {
        YearMonth billed = month;
        return parts
                .apply("InMonth", Filter.by((DailyUsage part) -> YearMonth.from(part.day()).equals(billed)))
                .apply("ByAccountDayMetric", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                        .via((DailyUsage part) -> KV.of(part.key(), part.quantity())))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
                // PeakPerDay already gives one value per account and day, so a sum serves every metric.
                .apply("Total", Sum.longsPerKey())
                .apply("AsDailyUsage", MapElements.into(TypeDescriptor.of(DailyUsage.class)).via(DailyTotals::daily))
                .setCoder(SerializableCoder.of(DailyUsage.class));
    }

    static DailyUsage daily(KV<String, Long> total) {
        String key = total.getKey();
        int metricBar = key.lastIndexOf('|');
        int dayBar = key.lastIndexOf('|', metricBar - 1);
        return new DailyUsage(key.substring(0, dayBar), LocalDate.parse(key.substring(dayBar + 1, metricBar)),
                Metric.valueOf(key.substring(metricBar + 1)), total.getValue());
    }
}
