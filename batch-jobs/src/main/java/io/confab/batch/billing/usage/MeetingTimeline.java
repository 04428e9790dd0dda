package io.confab.batch.billing.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * USAGE.md "Participant presence" for one meeting, over all of its (already de-duplicated) events at
 * once. A batch sees every event, so "a Left held for the grace period waiting for its Joined" becomes:
 * a Left is matched to its participant's Joined wherever it was in the topic; a Left earlier in event
 * time than its Joined, or with no Joined at all, is rejected.
 *
 * <p>{@code eventTimeNow} is the newest event time of the whole input: a presence with neither Left nor
 * MeetingEnded closes at join + presence timeout only once event time has passed that instant, as in
 * the streaming meter; until then it is open, not metered, and counted in {@link Result#stillOpen()}.
 */
public final class MeetingTimeline {

    public record Result(List<Presence> presences, List<MeetingRun> runs, List<Rejection> rejections, int stillOpen) {
    }

    private static final String TOPIC = "meeting.events";

    private MeetingTimeline() {
    }

    public static Result of(List<MeetingFact> events, UsageRules rules, Instant eventTimeNow) {
        List<MeetingFact> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(MeetingFact::occurredAt).thenComparing(MeetingFact::eventId));
        Map<String, MeetingFact> joins = new HashMap<>();
        Map<String, MeetingFact> lefts = new HashMap<>();
        List<Instant> starts = new ArrayList<>();
        List<Instant> ends = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (MeetingFact event : sorted) {
            switch (event.kind()) {
                case STARTED -> starts.add(event.occurredAt());
                case ENDED -> ends.add(event.occurredAt());
                case JOINED -> {
                    if (joins.putIfAbsent(event.participantId(), event) != null) {
                        rejections.add(new Rejection(TOPIC, "second ParticipantJoined for participant " + event.participantId()
                                + " (event " + event.eventId() + "); a rejoin gets a new participant id"));
                    }
                }
                case LEFT -> {
                    if (lefts.putIfAbsent(event.participantId(), event) != null) {
                        rejections.add(new Rejection(TOPIC, "second ParticipantLeft for participant " + event.participantId()
                                + " (event " + event.eventId() + ")"));
                    }
                }
            }
        }
        for (MeetingFact left : lefts.values()) {
            MeetingFact join = joins.get(left.participantId());
            if (join == null) {
                rejections.add(new Rejection(TOPIC, "ParticipantLeft " + left.eventId() + " for participant "
                        + left.participantId() + " whose ParticipantJoined never came"));
            } else if (left.occurredAt().isBefore(join.occurredAt())) {
                rejections.add(new Rejection(TOPIC, "ParticipantLeft " + left.eventId() + " at " + left.occurredAt()
                        + " is before its ParticipantJoined at " + join.occurredAt()));
            }
        }
        List<Presence> presences = new ArrayList<>();
        int stillOpen = 0;
        for (MeetingFact join : joins.values()) {
            Instant closed = closeOf(join, lefts.get(join.participantId()), ends, rules, eventTimeNow);
            if (closed == null) {
                stillOpen++;
            } else {
                presences.add(new Presence(join.accountId(), join.meetingId(), join.participantId(), join.person(),
                        join.occurredAt(), closed));
            }
        }
        presences.sort(Comparator.comparing(Presence::joinedAt).thenComparing(Presence::participantId));
        String account = sorted.isEmpty() ? null : sorted.get(0).accountId();
        String meeting = sorted.isEmpty() ? null : sorted.get(0).meetingId();
        return new Result(presences, runs(account, meeting, starts, ends, presences), rejections, stillOpen);
    }

    /** Left, else the meeting's next MeetingEnded, else join + timeout once event time is past it; null while open. */
    private static Instant closeOf(MeetingFact join, MeetingFact left, List<Instant> ends, UsageRules rules, Instant now) {
        if (left != null && !left.occurredAt().isBefore(join.occurredAt())) {
            return left.occurredAt();
        }
        for (Instant end : ends) {
            if (!end.isBefore(join.occurredAt())) {
                return end;
            }
        }
        Instant timeout = join.occurredAt().plus(rules.presenceTimeout());
        return now.isBefore(timeout) ? null : timeout;
    }

    /**
     * Each MeetingStarted opens a run that its first MeetingEnded closes (before the next start);
     * without an end, the run lasts to the last close of the presences that joined during it.
     * A MeetingEnded whose start is outside the input meters nothing.
     */
    private static List<MeetingRun> runs(String account, String meeting, List<Instant> starts, List<Instant> ends,
                                         List<Presence> presences) {
        List<MeetingRun> runs = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            Instant start = starts.get(i);
            Instant nextStart = i + 1 < starts.size() ? starts.get(i + 1) : Instant.MAX;
            Instant end = null;
            for (Instant candidate : ends) {
                if (!candidate.isBefore(start) && candidate.isBefore(nextStart)) {
                    end = candidate;
                    break;
                }
            }
            if (end == null) {
                for (Presence presence : presences) {
                    if (!presence.joinedAt().isBefore(start) && presence.joinedAt().isBefore(nextStart)
                            && (end == null || presence.closedAt().isAfter(end))) {
                        end = presence.closedAt();
                    }
                }
            }
            if (end != null && end.isAfter(start)) {
                runs.add(new MeetingRun(account, meeting, start, end));
            }
        }
        return runs;
    }
}
