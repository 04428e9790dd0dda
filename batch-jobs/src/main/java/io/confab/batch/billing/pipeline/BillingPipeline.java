package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.billing.source.SourceRecord;
import io.confab.batch.billing.store.BillingStore;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.FactDecoder;
import io.confab.batch.billing.usage.Rejection;
import io.confab.batch.billing.usage.UsageFact;
import io.confab.batch.billing.usage.UsageRules;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sample;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * The monthly billing run as a graph, top to bottom:
 * <pre>
 * source ─ DecodeFacts ─ by account group ─ MeterAccounts (USAGE.md: dedupe, presences, runs, files,
 *          segments, midnight split, peak) ─ daily totals (account, day, metric) ─┬ usage-daily.csv
 *                                                                                 └ by account ─ PriceAccounts ─ invoices
 * </pre>
 * Accounts are independent (a meeting's events all carry its owner's account), so the facts are
 * grouped by a hash of the account into {@link #ACCOUNT_GROUPS} groups and each group is metered in
 * plain Java by {@link io.confab.batch.billing.usage.AccountUsage}: a runner pays per key, and one key
 * per event id or meeting made the DirectRunner crawl (200,000 events took over ten minutes).
 * Rules are USAGE.md's, implemented here independently of the streaming meter so that reconcile can
 * tell when either lost or double-counted something.
 */
public final class BillingPipeline {

    static final String METRICS = "billing";
    public static final String RECORDS_READ = "records-read";
    public static final String DUPLICATES = "duplicates";
    public static final String STILL_OPEN = "presences-still-open";
    public static final String REJECTED_PREFIX = "rejected:";
    /** How many rejection reasons rejections.txt keeps; the counters have them all. */
    static final int REJECTION_SAMPLE = 100;
    /** Enough groups to keep both cores (and a Flink cluster's slots) busy; few enough that per-key costs vanish. */
    static final int ACCOUNT_GROUPS = 64;

    private BillingPipeline() {
    }

    public static void build(Pipeline pipeline, MonthSource source, YearMonth month, PriceBook book, UsageRules rules,
                             Instant runClock, BillingStore store) {
        PCollection<SourceRecord> records = source.read(pipeline);
        PCollectionTuple decoded = records.apply("DecodeFacts",
                ParDo.of(new DecodeFacts(new FactDecoder(runClock, rules))).withOutputTags(DecodeFacts.FACTS, TupleTagList.of(DecodeFacts.REJECTED)));
        PCollection<UsageFact> facts = decoded.get(DecodeFacts.FACTS).setCoder(UsageFactCoder.of());

        // The newest event time of the input: a presence with no Left and no MeetingEnded closes at its
        // timeout only once event time is past it (USAGE.md), as in the streaming meter.
        PCollectionView<Long> eventTimeNow = facts
                .apply("EventTimes", MapElements.into(TypeDescriptors.longs()).via((UsageFact fact) -> fact.time().toEpochMilli()))
                .apply("Newest", Combine.globally(new Newest()))
                .apply("AsSideInput", View.asSingleton());

        PCollectionTuple metered = facts
                .apply("ByAccountGroup", WithKeys.of((UsageFact fact) -> Math.floorMod(fact.accountId().hashCode(), ACCOUNT_GROUPS))
                        .withKeyType(TypeDescriptors.integers()))
                .setCoder(KvCoder.of(VarIntCoder.of(), UsageFactCoder.of()))
                .apply("AccountsTogether", GroupByKey.create())
                .apply("MeterAccounts", ParDo.of(new MeterAccounts(rules, month, eventTimeNow)).withSideInputs(eventTimeNow)
                        .withOutputTags(MeterAccounts.USAGE, TupleTagList.of(MeterAccounts.REJECTED)));
        PCollection<DailyUsage> daily = metered.get(MeterAccounts.USAGE).setCoder(DailyUsageCoder.of());

        daily.apply("AllDays", Combine.globally(new AsList<DailyUsage>()))
                .setCoder(ListCoder.of(DailyUsageCoder.of()))
                .apply("WriteDailyUsage", ParDo.of(WriteBilling.dailyUsage(store, month)));

        PCollection<Invoice> invoices = daily
                .apply("ByAccount", WithKeys.of((DailyUsage day) -> day.accountId()).withKeyType(TypeDescriptors.strings()))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), DailyUsageCoder.of()))
                .apply("AccountTogether", GroupByKey.create())
                .apply("PriceAccounts", ParDo.of(new PriceAccounts(month, book)))
                .setCoder(InvoiceCoder.of());
        invoices.apply("WriteInvoice", ParDo.of(new WriteBilling.AccountInvoice(store, month)));
        invoices.apply("AllInvoices", Combine.globally(new AsList<Invoice>()))
                .setCoder(ListCoder.of(InvoiceCoder.of()))
                .apply("WriteInvoices", ParDo.of(WriteBilling.allInvoices(store, month)));

        PCollectionList.of(decoded.get(DecodeFacts.REJECTED).setCoder(RejectionCoder.of()))
                .and(metered.get(MeterAccounts.REJECTED).setCoder(RejectionCoder.of()))
                .apply("AllRejections", Flatten.pCollections())
                .apply("SomeRejections", Sample.fixedSizeGlobally(REJECTION_SAMPLE))
                .apply("AsList", MapElements.into(TypeDescriptors.lists(TypeDescriptor.of(Rejection.class)))
                        .via((Iterable<Rejection> some) -> listOf(some)))
                .setCoder(ListCoder.of(RejectionCoder.of()))
                .apply("WriteRejections", ParDo.of(WriteBilling.rejections(store, month)));
    }

    static <T> List<T> listOf(Iterable<T> items) {
        List<T> list = new java.util.ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    /** Max of event times; an empty input has "now" at the epoch, so nothing times out. */
    static final class Newest extends Combine.BinaryCombineLongFn {
        @Override
        public long apply(long left, long right) {
            return Math.max(left, right);
        }

        @Override
        public long identity() {
            return 0L;
        }
    }

    /** Everything in one list: the month's files are written whole, and an empty month writes empty ones. */
    static final class AsList<T> extends Combine.CombineFn<T, List<T>, List<T>> {
        @Override
        public List<T> createAccumulator() {
            return new java.util.ArrayList<>();
        }

        @Override
        public List<T> addInput(List<T> list, T item) {
            List<T> mutable = list instanceof java.util.ArrayList<T> ? list : new java.util.ArrayList<>(list);
            mutable.add(item);
            return mutable;
        }

        @Override
        public List<T> mergeAccumulators(Iterable<List<T>> lists) {
            List<T> merged = new java.util.ArrayList<>();
            lists.forEach(merged::addAll);
            return merged;
        }

        @Override
        public List<T> extractOutput(List<T> list) {
            return list;
        }

        @Override
        public org.apache.beam.sdk.coders.Coder<List<T>> getAccumulatorCoder(org.apache.beam.sdk.coders.CoderRegistry registry,
                                                                              org.apache.beam.sdk.coders.Coder<T> input) {
            return ListCoder.of(input);
        }
    }
}
