package io.confab.dataapi.quality;

import io.confab.storage.quality.EModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A meeting's call quality: per participant, the timeline of intervals and a summary that says who
 * had a bad call and when (intervals with MOS below {@link EModel#BAD_MOS}). Worst first.
 */
public record CallQuality(String meetingId, List<LocalDate> days, double badMos, List<Participant> participants) {

    /** @param displayName the participant's name in the meeting, or null when the usage meter has no session row for them */
    public record Participant(String participantId, String displayName, int intervals, double meanMos, double minMos, int badIntervals,
                              Instant firstBadAt, Instant lastBadAt, double meanFractionLost, double meanJitterMs, Double meanRttMs,
                              List<Interval> timeline) {
    }

    public record Interval(Instant intervalStart, Instant intervalEnd, String direction, double fractionLost, double jitterMs,
                           Double rttMs, double r, double mos) {
    }

    /** Groups points (any order) by participant, without names. */
    public static CallQuality of(String meetingId, List<LocalDate> days, List<QualityPoint> points) {
        return of(meetingId, days, points, Map.of());
    }

    /** Groups points (any order) by participant, each with its name from {@code names} (participant id to name). */
    public static CallQuality of(String meetingId, List<LocalDate> days, List<QualityPoint> points, Map<String, String> names) {
        Map<String, List<QualityPoint>> byParticipant = new LinkedHashMap<>();
        for (QualityPoint p : points) {
            byParticipant.computeIfAbsent(p.participantId(), k -> new ArrayList<>()).add(p);
        }
        List<Participant> participants = new ArrayList<>();
        byParticipant.forEach((id, list) -> {
            list.sort(Comparator.comparing(QualityPoint::intervalStart).thenComparing(QualityPoint::direction));
            double mos = 0;
            double min = Double.MAX_VALUE;
            double loss = 0;
            double jitter = 0;
            double rtt = 0;
            int rttCount = 0;
            int bad = 0;
            Instant firstBad = null;
            Instant lastBad = null;
            List<Interval> timeline = new ArrayList<>();
            for (QualityPoint p : list) {
                mos += p.mos();
                min = Math.min(min, p.mos());
                loss += p.fractionLost();
                jitter += p.jitterMs();
                if (p.rttMs() != null) {
                    rtt += p.rttMs();
                    rttCount++;
                }
                if (p.mos() < EModel.BAD_MOS) {
                    bad++;
                    firstBad = firstBad == null ? p.intervalStart() : firstBad;
                    lastBad = p.intervalEnd();
                }
                timeline.add(new Interval(p.intervalStart(), p.intervalEnd(), p.direction(), p.fractionLost(), p.jitterMs(), p.rttMs(),
                        round(p.r()), round(p.mos())));
            }
            int n = list.size();
            participants.add(new Participant(id, names.get(id), n, round(mos / n), round(min), bad, firstBad, lastBad, round(loss / n), round(jitter / n),
                    rttCount == 0 ? null : round(rtt / rttCount), timeline));
        });
        participants.sort(Comparator.comparingDouble(Participant::meanMos).thenComparing(Participant::participantId));
        return new CallQuality(meetingId, days, EModel.BAD_MOS, participants);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
