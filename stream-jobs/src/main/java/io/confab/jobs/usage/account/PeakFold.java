package io.confab.jobs.usage.account;

import io.confab.jobs.usage.UsageIds;
import io.confab.jobs.usage.day.DaySplit;
import io.confab.jobs.usage.intake.TimeRules;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-account-day aggregation of PEAK_PARTICIPANTS, keyed by account (after a repartition):
 * applies each presence's span change to the days it touches and sends the day's peak whenever it
 * changes, under one record id per account and day, so the latest value replaces the earlier ones.
 * A day's counts are kept until the day is no longer metered (USAGE.md: the month before the
 * current one), because a late presence may still change its peak.
 */
public final class PeakFold implements Processor<String, PresenceChange, String, UsageRecord> {

    public static final String PEAK_DAYS = "usage-peak-days";

    private final Clock wallClock;
    private ProcessorContext<String, UsageRecord> context;
    private KeyValueStore<String, PeakDay> days;

    public PeakFold(Clock wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public void init(ProcessorContext<String, UsageRecord> context) {
        this.context = context;
        this.days = context.getStateStore(PEAK_DAYS);
        context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, ignored -> forgetOldDays());
    }

    @Override
    public void process(Record<String, PresenceChange> record) {
        PresenceChange change = record.value();
        List<Long> touched = new ArrayList<>();
        if (change.hadOld()) {
            for (DaySplit.Piece piece : DaySplit.pieces(change.oldStart(), change.oldEnd())) {
                day(change.accountId(), piece.day()).apply(piece.start(), piece.end(), piece.day() + DaySplit.DAY_MS, -1);
                touched.add(piece.day());
            }
        }
        for (DaySplit.Piece piece : DaySplit.pieces(change.newStart(), change.newEnd())) {
            day(change.accountId(), piece.day()).apply(piece.start(), piece.end(), piece.day() + DaySplit.DAY_MS, 1);
            if (!touched.contains(piece.day())) {
                touched.add(piece.day());
            }
        }
        for (long dayStart : touched) {
            String key = key(change.accountId(), dayStart);
            PeakDay day = pendingDays.remove(key);
            long peak = day.peak();
            if (peak != day.told()) {
                day.told(peak);
                context.forward(new Record<>(change.accountId(), record(change.accountId(), dayStart, peak), record.timestamp()));
            }
            days.put(key, day);
        }
        pendingDays.clear();
    }

    /** Days read in this call, written back once all of the change is applied. */
    private final java.util.Map<String, PeakDay> pendingDays = new java.util.HashMap<>();

    private PeakDay day(String account, long dayStart) {
        return pendingDays.computeIfAbsent(key(account, dayStart), key -> {
            PeakDay stored = days.get(key);
            return stored == null ? new PeakDay() : stored;
        });
    }

    static UsageRecord record(String account, long dayStart, long peak) {
        return UsageRecord.newBuilder()
                .setRecordId(UsageIds.of(account, UsageMetric.PEAK_PARTICIPANTS, dayStart))
                .setAccountId(account)
                .setMetric(UsageMetric.PEAK_PARTICIPANTS)
                .setQuantity(peak)
                .setWindowStart(Instant.ofEpochMilli(dayStart))
                .setWindowEnd(Instant.ofEpochMilli(dayStart + DaySplit.DAY_MS))
                .build();
    }

    private void forgetOldDays() {
        long oldest = TimeRules.oldestMetered(wallClock.instant());
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, PeakDay> it = days.all()) {
            while (it.hasNext()) {
                KeyValue<String, PeakDay> entry = it.next();
                if (dayOf(entry.key) + DaySplit.DAY_MS <= oldest) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(days::delete);
    }

    private static String key(String account, long dayStart) {
        return account + "|" + dayStart;
    }

    private static long dayOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('|') + 1));
    }
}
