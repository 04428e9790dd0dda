package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.DaySplit;
import io.confab.batch.billing.usage.MeetingFact;
import io.confab.batch.billing.usage.MeetingRun;
import io.confab.batch.billing.usage.MeetingTimeline;
import io.confab.batch.billing.usage.Metric;
import io.confab.batch.billing.usage.Presence;
import io.confab.batch.billing.usage.Rejection;
import io.confab.batch.billing.usage.UsageRules;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * All events of one meeting to its presences and runs ({@link MeetingTimeline}), split at midnight:
 * participant and meeting milliseconds per day, and each presence's part of each day for the peak.
 */
final class MeterMeetings extends DoFn<KV<String, Iterable<MeetingFact>>, DailyUsage> {

    static final TupleTag<DailyUsage> USAGE = new TupleTag<>() { };
    /** ("account|day", [start ms, end ms)) of each presence's part of each day. */
    static final TupleTag<KV<String, KV<Long, Long>>> PRESENCE_DAYS = new TupleTag<>() { };
    static final TupleTag<Rejection> REJECTED = new TupleTag<>() { };

    private final UsageRules rules;
    private final PCollectionView<Long> eventTimeNow;
    private final Counter stillOpen = Metrics.counter(BillingPipeline.METRICS, BillingPipeline.STILL_OPEN);

    MeterMeetings(UsageRules rules, PCollectionView<Long> eventTimeNow) {
        this.rules = rules;
        this.eventTimeNow = eventTimeNow;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<MeetingFact>> meeting, MultiOutputReceiver out, ProcessContext context) {
        List<MeetingFact> events = new ArrayList<>();
        meeting.getValue().forEach(events::add);
        MeetingTimeline.Result result = MeetingTimeline.of(events, rules, Instant.ofEpochMilli(context.sideInput(eventTimeNow)));
        stillOpen.inc(result.stillOpen());
        for (Rejection rejection : result.rejections()) {
            Metrics.counter(BillingPipeline.METRICS, BillingPipeline.REJECTED_PREFIX + rejection.topic()).inc();
            out.get(REJECTED).output(rejection);
        }
        for (Presence presence : result.presences()) {
            for (Map.Entry<LocalDate, Long> day : DaySplit.of(presence.joinedAt(), presence.closedAt()).entrySet()) {
                out.get(USAGE).output(new DailyUsage(presence.accountId(), day.getKey(), Metric.PARTICIPANT_MINUTES, day.getValue()));
                long dayStart = day.getKey().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                long from = Math.max(dayStart, presence.joinedAt().toEpochMilli());
                out.get(PRESENCE_DAYS).output(KV.of(presence.accountId() + "|" + day.getKey(), KV.of(from, from + day.getValue())));
            }
        }
        for (MeetingRun run : result.runs()) {
            for (Map.Entry<LocalDate, Long> day : DaySplit.of(run.startedAt(), run.endedAt()).entrySet()) {
                out.get(USAGE).output(new DailyUsage(run.accountId(), day.getKey(), Metric.MEETING_MINUTES, day.getValue()));
            }
        }
    }
}
