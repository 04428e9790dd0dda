package io.confab.jobs.usage.account;

import io.confab.jobs.usage.UsageIds;
import io.confab.storage.usage.DaySplit;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-account-day aggregation of PEAK_PARTICIPANTS, keyed by account (after a repartition):
 * applies each presence's span change to the days it touches (kept whole while small, else in
 * quarters of an hour, see {@link PeakDay}) and sends the day's peak when a commit's changes
 * moved it, under one record id per account and day, so the latest value replaces the earlier ones.
 * A day's counts are kept until the day is no longer metered (USAGE.md: the month before the
 * current one), because a late presence may still change its peak.
 */
public final class PeakFold implements Processor<String, PresenceChanges, String, UsageRecord> {

    public static final String PEAK_DAYS = "usage-peak-days";
    public static final String PEAK_QUARTERS = "usage-peak-quarters";

    private final Clock wallClock;
    private ProcessorContext<String, UsageRecord> context;
    private KeyValueStore<String, PeakDay> days;
    private KeyValueStore<String, PeakQuarter> quarters;

    public PeakFold(Clock wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public void init(ProcessorContext<String, UsageRecord> context) {
        this.context = context;
        this.days = context.getStateStore(PEAK_DAYS);
        this.quarters = context.getStateStore(PEAK_QUARTERS);
        context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, ignored -> forgetOldDays());
    }

    @Override
    public void process(Record<String, PresenceChanges> record) {
        // One account's changes of a commit, in the order the meeting fold made them. The days they
        // touch are settled once, after the last: a day's peak is a whole value under its record id,
        // so of the values it takes within the batch only the last is worth sending (the bench's
        // meetings raised an account's peak at nearly every join, one usage record each).
        String account = record.value().accountId();
        for (PresenceChange change : record.value().changes()) {
            if (change.hadOld()) {
                apply(account, change.oldStart(), change.oldEnd(), -1);
            }
            apply(account, change.newStart(), change.newEnd(), 1);
        }
        settle(account, record.timestamp());
    }

    /**
     * Moves the days that outgrew their whole form into quarters, writes the quarters and days read
     * since the last settle, and sends each day's peak where it differs from the one last told.
     */
    private void settle(String account, long timestamp) {
        for (Map.Entry<String, PeakDay> entry : pendingDays.entrySet()) {
            if (entry.getValue().outgrown()) {
                long dayStart = dayOf(entry.getKey());
                for (Map.Entry<Long, Integer> instant : entry.getValue().takeChanges().entrySet()) {
                    quarter(account, dayStart, PeakDay.quarterOf(dayStart, instant.getKey()))
                            .change(instant.getKey(), instant.getValue());
                }
            }
        }
        for (Map.Entry<String, PeakQuarter> entry : pendingQuarters.entrySet()) {
            String key = entry.getKey();
            PeakQuarter quarter = entry.getValue();
            int cut = key.lastIndexOf('|');
            pendingDays.get(key.substring(0, cut)).quarter(Integer.parseInt(key.substring(cut + 1)), quarter);
            if (quarter.isEmpty()) {
                quarters.delete(key);
            } else {
                quarters.put(key, quarter);
            }
        }
        for (Map.Entry<String, PeakDay> entry : pendingDays.entrySet()) {
            PeakDay day = entry.getValue();
            long peak = day.peak();
            if (peak != day.told()) {
                day.told(peak);
                String id = recordIds.computeIfAbsent(entry.getKey(),
                        key -> UsageIds.of(account, UsageMetric.PEAK_PARTICIPANTS, dayOf(key)));
                context.forward(new Record<>(account, record(id, account, dayOf(entry.getKey()), peak), timestamp));
            }
            days.put(entry.getKey(), day);
        }
        pendingDays.clear();
        pendingQuarters.clear();
    }

    /** Adds ({@code sign} = 1) or takes out (-1) a span, day by day; a span's end on the next 00:00 is that day's. */
    private void apply(String account, long start, long end, int sign) {
        for (DaySplit.Piece piece : DaySplit.pieces(start, end)) {
            change(account, piece.day(), piece.start(), sign);
            if (piece.end() < piece.day() + DaySplit.DAY_MS) {
                change(account, piece.day(), piece.end(), -sign);
            }
        }
    }

    private void change(String account, long dayStart, long at, int delta) {
        PeakDay day = day(account, dayStart);
        if (day.whole()) {
            day.change(at, delta);
        } else {
            quarter(account, dayStart, PeakDay.quarterOf(dayStart, at)).change(at, delta);
        }
    }

    /** Days and quarters read since the last settle, written back once all of a batch is applied. */
    private final Map<String, PeakDay> pendingDays = new LinkedHashMap<>();
    private final Map<String, PeakQuarter> pendingQuarters = new LinkedHashMap<>();
    /**
     * The record ids of account-days whose peak changed lately (an id costs an MD5, and a busy
     * account-day's peak changes with many of its presences). Not state: rebuilt as needed.
     */
    private final Map<String, String> recordIds = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 4_096;
        }
    };

    private PeakDay day(String account, long dayStart) {
        String key = key(account, dayStart);
        PeakDay day = pendingDays.get(key);
        if (day == null) {
            PeakDay stored = days.get(key);
            day = stored == null ? PeakDay.kept() : stored;
            pendingDays.put(key, day);
        }
        return day;
    }

    private PeakQuarter quarter(String account, long dayStart, int q) {
        return pendingQuarters.computeIfAbsent(key(account, dayStart) + "|" + q, key -> {
            PeakQuarter stored = quarters.get(key);
            return stored == null ? new PeakQuarter() : stored;
        });
    }

    private static UsageRecord record(String recordId, String account, long dayStart, long peak) {
        return UsageRecord.newBuilder()
                .setRecordId(recordId)
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
        List<String> oldQuarters = new ArrayList<>();
        try (KeyValueIterator<String, PeakQuarter> it = quarters.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (dayOf(key.substring(0, key.lastIndexOf('|'))) + DaySplit.DAY_MS <= oldest) {
                    oldQuarters.add(key);
                }
            }
        }
        oldQuarters.forEach(quarters::delete);
    }

    private static String key(String account, long dayStart) {
        return account + "|" + dayStart;
    }

    private static long dayOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('|') + 1));
    }
}
