package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.AccountUsage;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Rejection;
import io.confab.batch.billing.usage.UsageFact;
import io.confab.batch.billing.usage.UsageRules;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

import java.time.Instant;
import java.time.YearMonth;

/** The facts of one group of accounts to their daily totals ({@link AccountUsage}); the rules' rejections counted. */
final class MeterAccounts extends DoFn<KV<Integer, Iterable<UsageFact>>, DailyUsage> {

    static final TupleTag<DailyUsage> USAGE = new TupleTag<>() { };
    static final TupleTag<Rejection> REJECTED = new TupleTag<>() { };

    private final UsageRules rules;
    private final YearMonth month;
    private final PCollectionView<Long> eventTimeNow;
    private final Counter duplicates = Metrics.counter(BillingPipeline.METRICS, BillingPipeline.DUPLICATES);
    private final Counter stillOpen = Metrics.counter(BillingPipeline.METRICS, BillingPipeline.STILL_OPEN);

    MeterAccounts(UsageRules rules, YearMonth month, PCollectionView<Long> eventTimeNow) {
        this.rules = rules;
        this.month = month;
        this.eventTimeNow = eventTimeNow;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<UsageFact>> group, MultiOutputReceiver out, ProcessContext context) {
        AccountUsage.Result result = AccountUsage.of(group.getValue(), rules, Instant.ofEpochMilli(context.sideInput(eventTimeNow)), month);
        duplicates.inc(result.duplicates());
        stillOpen.inc(result.stillOpen());
        for (Rejection rejection : result.rejections()) {
            Metrics.counter(BillingPipeline.METRICS, BillingPipeline.REJECTED_PREFIX + rejection.topic()).inc();
            out.get(REJECTED).output(rejection);
        }
        result.days().forEach(out.get(USAGE)::output);
    }
}
