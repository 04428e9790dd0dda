package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.billing.source.SourceRecord;
import io.confab.batch.billing.store.BillingStore;
import io.confab.batch.billing.usage.ArtifactFact;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.FactDecoder;
import io.confab.batch.billing.usage.MeetingFact;
import io.confab.batch.billing.usage.Metric;
import io.confab.batch.billing.usage.RecordingUsage;
import io.confab.batch.billing.usage.Rejection;
import io.confab.batch.billing.usage.SegmentFact;
import io.confab.batch.billing.usage.DaySplit;
import io.confab.batch.billing.usage.UsageFact;
import io.confab.batch.billing.usage.UsageRules;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.FlatMapElements;
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
 * source ─ DecodeFacts ─ DropDuplicates ─┬ meetings ─ by meeting ─ MeterMeetings ─┬ participant/meeting ms per day
 *                                         │                                        └ presence parts ─ by account-day ─ PeakPerDay
 *                                         ├ artifacts ─ by recording ─ RecordingUsage (recording ms, bytes per day)
 *                                         └ segments ─ transcription ms on the day they start
 *            ─ DailyTotals (account, day, metric) ─┬ usage-daily.csv
 *                                                   └ by account ─ PriceAccounts ─ invoices ({account}.json/.csv, invoices.json)
 * </pre>
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

    private BillingPipeline() {
    }

    public static void build(Pipeline pipeline, MonthSource source, YearMonth month, PriceBook book, UsageRules rules,
                             Instant runClock, BillingStore store) {
        PCollection<SourceRecord> records = source.read(pipeline);
        PCollectionTuple decoded = records.apply("DecodeFacts",
                ParDo.of(new DecodeFacts(new FactDecoder(runClock, rules))).withOutputTags(DecodeFacts.FACTS, TupleTagList.of(DecodeFacts.REJECTED)));
        PCollection<UsageFact> facts = decoded.get(DecodeFacts.FACTS).setCoder(SerializableCoder.of(UsageFact.class))
                .apply("DropDuplicates", new DropDuplicates());

        // The newest event time of the input: a presence with no Left and no MeetingEnded closes at its
        // timeout only once event time is past it (USAGE.md), as in the streaming meter.
        PCollectionView<Long> eventTimeNow = facts
                .apply("EventTimes", MapElements.into(TypeDescriptors.longs()).via((UsageFact fact) -> fact.time().toEpochMilli()))
                .apply("Newest", Combine.globally(new Newest()))
                .apply("AsSideInput", View.asSingleton());

        PCollection<KV<String, Iterable<MeetingFact>>> meetings = facts
                .apply("MeetingEvents", FlatMapElements.into(TypeDescriptor.of(MeetingFact.class))
                        .via((UsageFact fact) -> fact instanceof MeetingFact event ? List.of(event) : List.<MeetingFact>of()))
                .setCoder(SerializableCoder.of(MeetingFact.class))
                .apply("ByMeeting", WithKeys.of((MeetingFact event) -> event.meetingId()).withKeyType(TypeDescriptors.strings()))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(MeetingFact.class)))
                .apply("MeetingTogether", GroupByKey.create());
        PCollectionTuple metered = meetings.apply("MeterMeetings", ParDo.of(new MeterMeetings(rules, eventTimeNow))
                .withSideInputs(eventTimeNow)
                .withOutputTags(MeterMeetings.USAGE, TupleTagList.of(MeterMeetings.PRESENCE_DAYS).and(MeterMeetings.REJECTED)));
        PCollection<DailyUsage> meetingUsage = metered.get(MeterMeetings.USAGE).setCoder(SerializableCoder.of(DailyUsage.class));
        PCollection<DailyUsage> peaks = metered.get(MeterMeetings.PRESENCE_DAYS)
                .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), VarLongCoder.of())))
                .apply("PresencesByAccountDay", GroupByKey.create())
                .apply("PeakPerDay", ParDo.of(new PeakPerDay()))
                .setCoder(SerializableCoder.of(DailyUsage.class));

        PCollection<DailyUsage> recordingUsage = facts
                .apply("Artifacts", FlatMapElements.into(TypeDescriptor.of(ArtifactFact.class))
                        .via((UsageFact fact) -> fact instanceof ArtifactFact file ? List.of(file) : List.<ArtifactFact>of()))
                .setCoder(SerializableCoder.of(ArtifactFact.class))
                .apply("ByRecording", WithKeys.of((ArtifactFact file) -> file.recordingId()).withKeyType(TypeDescriptors.strings()))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ArtifactFact.class)))
                .apply("RecordingTogether", GroupByKey.create())
                .apply("RecordingUsage", FlatMapElements.into(TypeDescriptor.of(DailyUsage.class))
                        .via((KV<String, Iterable<ArtifactFact>> recording) -> RecordingUsage.of(listOf(recording.getValue()))))
                .setCoder(SerializableCoder.of(DailyUsage.class));

        PCollection<DailyUsage> transcriptionUsage = facts
                .apply("TranscriptionUsage", FlatMapElements.into(TypeDescriptor.of(DailyUsage.class))
                        .via((UsageFact fact) -> fact instanceof SegmentFact segment
                                ? List.of(new DailyUsage(segment.accountId(), DaySplit.dayOf(segment.start()), Metric.TRANSCRIPTION_MINUTES,
                                segment.durationMs()))
                                : List.<DailyUsage>of()))
                .setCoder(SerializableCoder.of(DailyUsage.class));

        PCollection<DailyUsage> daily = PCollectionList.of(meetingUsage).and(peaks).and(recordingUsage).and(transcriptionUsage)
                .apply("AllUsage", Flatten.pCollections())
                .apply("DailyTotals", new DailyTotals(month));

        daily.apply("AllDays", Combine.globally(new AsList<DailyUsage>()))
                .setCoder(ListCoder.of(SerializableCoder.of(DailyUsage.class)))
                .apply("WriteDailyUsage", ParDo.of(new WriteBilling.DailyUsageFile(store, month)));

        PCollection<Invoice> invoices = daily
                .apply("ByAccount", WithKeys.of((DailyUsage day) -> day.accountId()).withKeyType(TypeDescriptors.strings()))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(DailyUsage.class)))
                .apply("AccountTogether", GroupByKey.create())
                .apply("PriceAccounts", ParDo.of(new PriceAccounts(month, book)))
                .setCoder(SerializableCoder.of(Invoice.class));
        invoices.apply("WriteInvoice", ParDo.of(new WriteBilling.AccountInvoice(store, month)));
        invoices.apply("AllInvoices", Combine.globally(new AsList<Invoice>()))
                .setCoder(ListCoder.of(SerializableCoder.of(Invoice.class)))
                .apply("WriteInvoices", ParDo.of(new WriteBilling.AllInvoices(store, month)));

        PCollectionList.of(decoded.get(DecodeFacts.REJECTED).setCoder(SerializableCoder.of(Rejection.class)))
                .and(metered.get(MeterMeetings.REJECTED).setCoder(SerializableCoder.of(Rejection.class)))
                .apply("AllRejections", Flatten.pCollections())
                .apply("SomeRejections", Sample.fixedSizeGlobally(REJECTION_SAMPLE))
                .apply("AsList", MapElements.into(TypeDescriptors.lists(TypeDescriptor.of(Rejection.class)))
                        .via((Iterable<Rejection> some) -> listOf(some)))
                .setCoder(ListCoder.of(SerializableCoder.of(Rejection.class)))
                .apply("WriteRejections", ParDo.of(new WriteBilling.RejectionsFile(store, month)));
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
