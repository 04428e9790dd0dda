package io.confab.batch.billing.usage;

import io.confab.storage.usage.DaySplit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All of USAGE.md for the facts of some accounts, in order: drop duplicates, presences and runs per
 * meeting, files per recording, final segments, split at midnight, then one total per account, day
 * of {@code month} and metric. A meeting's events, recordings and segments all carry its owner's
 * account, so accounts are independent and any grouping of whole accounts gives the same totals.
 */
public final class AccountUsage {

    public record Result(List<DailyUsage> days, List<Rejection> rejections, long duplicates, long stillOpen) {
    }

    private AccountUsage() {
    }

    public static Result of(Iterable<UsageFact> facts, UsageRules rules, Instant eventTimeNow, YearMonth month) {
        Map<String, UsageFact> unique = new HashMap<>();
        long duplicates = 0;
        for (UsageFact fact : facts) {
            UsageFact kept = unique.putIfAbsent(fact.identity(), fact);
            if (kept != null) {
                duplicates++;
                // Same identity, different content: keep the smallest by text, so every run keeps the same one.
                if (fact.toString().compareTo(kept.toString()) < 0) {
                    unique.put(fact.identity(), fact);
                }
            }
        }
        Map<String, List<MeetingFact>> meetings = new HashMap<>();
        Map<String, List<ArtifactFact>> recordings = new HashMap<>();
        Totals totals = new Totals(month);
        for (UsageFact fact : unique.values()) {
            if (fact instanceof MeetingFact event) {
                meetings.computeIfAbsent(event.meetingId(), id -> new ArrayList<>()).add(event);
            } else if (fact instanceof ArtifactFact file) {
                recordings.computeIfAbsent(file.recordingId(), id -> new ArrayList<>()).add(file);
            } else if (fact instanceof SegmentFact segment) {
                totals.add(segment.accountId(), DaySplit.dayOf(segment.start()), Metric.TRANSCRIPTION_MINUTES, segment.durationMs());
            }
        }
        List<Rejection> rejections = new ArrayList<>();
        long stillOpen = 0;
        Map<String, List<Instant[]>> presenceParts = new HashMap<>();
        for (List<MeetingFact> events : meetings.values()) {
            MeetingTimeline.Result timeline = MeetingTimeline.of(events, rules, eventTimeNow);
            rejections.addAll(timeline.rejections());
            stillOpen += timeline.stillOpen();
            for (Presence presence : timeline.presences()) {
                for (Map.Entry<LocalDate, Long> day : DaySplit.of(presence.joinedAt(), presence.closedAt()).entrySet()) {
                    totals.add(presence.accountId(), day.getKey(), Metric.PARTICIPANT_MINUTES, day.getValue());
                    Instant dayStart = day.getKey().atStartOfDay(ZoneOffset.UTC).toInstant();
                    Instant from = presence.joinedAt().isAfter(dayStart) ? presence.joinedAt() : dayStart;
                    presenceParts.computeIfAbsent(presence.accountId() + "|" + day.getKey(), key -> new ArrayList<>())
                            .add(new Instant[] {from, from.plusMillis(day.getValue())});
                }
            }
            for (MeetingRun run : timeline.runs()) {
                DaySplit.of(run.startedAt(), run.endedAt()).forEach((day, ms) -> totals.add(run.accountId(), day, Metric.MEETING_MINUTES, ms));
            }
        }
        presenceParts.forEach((accountDay, parts) -> {
            int bar = accountDay.lastIndexOf('|');
            totals.add(accountDay.substring(0, bar), LocalDate.parse(accountDay.substring(bar + 1)), Metric.PEAK_PARTICIPANTS,
                    PeakConcurrency.of(parts));
        });
        for (List<ArtifactFact> files : recordings.values()) {
            for (DailyUsage usage : RecordingUsage.of(files)) {
                totals.add(usage.accountId(), usage.day(), usage.metric(), usage.quantity());
            }
        }
        return new Result(totals.days(), rejections, duplicates, stillOpen);
    }

    /** Totals of the month's days only: the days around it are read for what crosses into it, not billed. */
    private static final class Totals {
        private final YearMonth month;
        private final Map<String, DailyUsage> byKey = new TreeMap<>();

        Totals(YearMonth month) {
            this.month = month;
        }

        void add(String account, LocalDate day, Metric metric, long quantity) {
            if (YearMonth.from(day).equals(month)) {
                DailyUsage part = new DailyUsage(account, day, metric, quantity);
                // The peak arrives once per account and day, so a sum serves every metric.
                byKey.merge(part.key(), part, (a, b) -> new DailyUsage(account, day, metric, a.quantity() + b.quantity()));
            }
        }

        List<DailyUsage> days() {
            return new ArrayList<>(byKey.values());
        }
    }
}
