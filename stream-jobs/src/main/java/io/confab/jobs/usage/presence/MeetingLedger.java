package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.UsageIds;
import io.confab.jobs.usage.account.PresenceChange;
import io.confab.jobs.usage.day.DaySplit;
import io.confab.jobs.usage.state.StateFormat;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the meter knows of one meeting id: the facts read so far (runs started and ended,
 * presences joined and left, leaves still waiting for their join) and what it already told the
 * world about them (usage pieces, closed spans, session rows).
 *
 * <p>Every call records a fact and then {@link #settle settles}: presences, runs and sessions are
 * derived again from all the facts, and only what differs from what was told before goes out. So
 * a late or out-of-order event revises earlier output under the same record ids (USAGE.md: record
 * ids are deterministic; sinks overwrite), and a replay of the same facts says nothing new.
 * A pure class: the Kafka Streams processor only stores and adapts it.
 */
public final class MeetingLedger {

    public static final String METER = "stream-jobs/usage-meter";

    /** A presence's start as read from its ParticipantJoined. */
    public record Join(String participantId, String accountId, String person, String userId, String displayName,
                       String role, String client, long at) {
    }

    public record Leave(long at, String reason) {
    }

    public record PendingLeave(long at, String reason, Origin origin) {
    }

    /** A usage piece as last sent: what a zero must overwrite when the piece disappears. */
    public record Piece(String recordId, String accountId, String participantId, UsageMetric metric, long windowStart,
                        long windowEnd) {
        long quantity() {
            return windowEnd - windowStart;
        }
    }

    public record Span(String accountId, long start, long end) {
    }

    /** A presence as derived now; {@code end < 0} while it is open. */
    public record Presence(Join join, long end, String closeReason) {
        boolean open() {
            return end < 0;
        }
    }

    /** What one call changed. */
    public record Outcome(List<UsageRecord> usage, List<PresenceChange> spans, List<SessionRow> upserts,
                          List<SessionRow> deletes, List<Rejection> rejections) {
        static Outcome empty() {
            return new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        public boolean isEmpty() {
            return usage.isEmpty() && spans.isEmpty() && upserts.isEmpty() && deletes.isEmpty() && rejections.isEmpty();
        }
    }

    /** How the state serde writes a ledger (fields package-private for it). */
    public static final StateFormat<MeetingLedger> FORMAT = new LedgerFormat();

    String meetingId;
    TreeMap<Long, String> starts = new TreeMap<>();
    TreeSet<Long> ends = new TreeSet<>();
    Map<String, Join> joins = new HashMap<>();
    Map<String, Leave> leaves = new HashMap<>();
    Map<String, PendingLeave> pending = new HashMap<>();
    Map<String, Piece> told = new HashMap<>();
    Map<String, Span> toldSpans = new HashMap<>();
    Map<String, SessionRow> toldSessions = new HashMap<>();
    long lastEventAt = Long.MIN_VALUE;
    long touchedWall;
    /** Record ids already derived (a name-based UUID costs an MD5): not state, rebuilt as needed. */
    private final transient Map<IdKey, String> ids = new HashMap<>();

    private record IdKey(String account, String participant, long run, UsageMetric metric, long day) {
    }

    /** For the state serde. */
    private MeetingLedger() {
    }

    public MeetingLedger(String meetingId) {
        this.meetingId = Objects.requireNonNull(meetingId);
    }

    public String meetingId() {
        return meetingId;
    }

    /** When (processing time) the meeting last had an event: quiet meetings move on the task's clock. */
    public long touchedWall() {
        return touchedWall;
    }

    public void touchedWall(long wallMs) {
        this.touchedWall = wallMs;
    }

    public Outcome started(long at, String accountId, long now, MeterRules rules) {
        starts.putIfAbsent(at, accountId);
        return settle(at, now, rules, Outcome.empty());
    }

    public Outcome ended(long at, long now, MeterRules rules) {
        ends.add(at);
        return settle(at, now, rules, Outcome.empty());
    }

    public Outcome joined(Join join, Origin origin, long now, MeterRules rules) {
        Outcome outcome = Outcome.empty();
        if (joins.containsKey(join.participantId())) {
            outcome.rejections().add(new Rejection(origin, "ParticipantJoined for participant " + join.participantId()
                    + " that already joined meeting " + meetingId + " (a participant id names one presence)"));
            return outcome;
        }
        joins.put(join.participantId(), join);
        return settle(join.at(), now, rules, outcome);
    }

    public Outcome left(String participantId, long at, String reason, Origin origin, long now, MeterRules rules) {
        Outcome outcome = Outcome.empty();
        if (leaves.containsKey(participantId) || pending.containsKey(participantId)) {
            outcome.rejections().add(new Rejection(origin, "ParticipantLeft for participant " + participantId
                    + " that already left meeting " + meetingId));
            return outcome;
        }
        pending.put(participantId, new PendingLeave(at, reason, origin));
        return settle(at, now, rules, outcome);
    }

    /** Event time moved on: closes timed-out presences and gives up on leaves whose join never came. */
    public Outcome tick(long now, MeterRules rules) {
        return settle(Long.MIN_VALUE, now, rules, Outcome.empty());
    }

    /** The earliest event time at which {@link #tick} may change something, or Long.MAX_VALUE. */
    public long nextDeadline(MeterRules rules) {
        long deadline = Long.MAX_VALUE;
        boolean open = false;
        for (Presence presence : presences(Long.MIN_VALUE, rules)) {
            if (presence.open()) {
                open = true;
                deadline = Math.min(deadline, presence.join().at() + rules.presenceTimeout());
            }
        }
        for (PendingLeave leave : pending.values()) {
            open = true;
            deadline = Math.min(deadline, leave.at() + rules.grace());
        }
        return open ? deadline : Math.min(deadline, lastEventAt + rules.retention());
    }

    /** Nothing open and nothing heard for the retention: the state can go (its output stays). */
    public boolean expired(long now, MeterRules rules) {
        now = Math.max(now, lastEventAt);
        return pending.isEmpty() && presences(now, rules).stream().noneMatch(Presence::open)
                && now >= lastEventAt + rules.retention();
    }

    /**
     * Event time for a meeting is its own newest event while its events flow, and the task's newest
     * (passed in by {@link #tick}) once it has gone quiet: a month replayed into a live topic must not
     * look late to itself just because other meetings' events are newer.
     */
    private Outcome settle(long eventAt, long now, MeterRules rules, Outcome outcome) {
        lastEventAt = Math.max(lastEventAt, eventAt);
        now = Math.max(now, lastEventAt);
        resolvePending(now, rules, outcome);
        List<Presence> presences = presences(now, rules);
        tellPieces(pieces(presences), outcome);
        tellSpans(presences, outcome);
        tellSessions(sessions(presences, rules), outcome);
        return outcome;
    }

    /** A held leave meets its join, or is refused once the grace is over. */
    private void resolvePending(long now, MeterRules rules, Outcome outcome) {
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            PendingLeave leave = entry.getValue();
            Join join = joins.get(entry.getKey());
            if (join != null) {
                it.remove();
                if (leave.at() < join.at()) {
                    outcome.rejections().add(new Rejection(leave.origin(), "ParticipantLeft at " + Instant.ofEpochMilli(leave.at())
                            + " is before its ParticipantJoined at " + Instant.ofEpochMilli(join.at())
                            + " (participant " + entry.getKey() + ", meeting " + meetingId + ")"));
                } else {
                    leaves.put(entry.getKey(), new Leave(leave.at(), leave.reason()));
                }
            } else if (now >= leave.at() + rules.grace()) {
                it.remove();
                outcome.rejections().add(new Rejection(leave.origin(), "ParticipantLeft for participant " + entry.getKey()
                        + " of meeting " + meetingId + " whose ParticipantJoined did not come within usage.grace ("
                        + rules.grace() / 1000 + " s of event time)"));
            }
        }
    }

    /** USAGE.md: Left closes; else the first MeetingEnded after the join; else the timeout once passed. */
    List<Presence> presences(long now, MeterRules rules) {
        List<Presence> presences = new ArrayList<>(joins.size());
        for (Join join : joins.values()) {
            Leave leave = leaves.get(join.participantId());
            Long end = ends.ceiling(join.at());
            if (leave != null) {
                presences.add(new Presence(join, leave.at(), leave.reason()));
            } else if (end != null) {
                presences.add(new Presence(join, end, "MEETING_ENDED"));
            } else if (now >= join.at() + rules.presenceTimeout()) {
                presences.add(new Presence(join, join.at() + rules.presenceTimeout(), "PRESENCE_TIMEOUT"));
            } else {
                presences.add(new Presence(join, -1, null));
            }
        }
        presences.sort(Comparator.comparingLong((Presence p) -> p.join().at()).thenComparing(p -> p.join().participantId()));
        return presences;
    }

    /** Every usage piece the facts give now, by a key stable across revisions. */
    private Map<String, Piece> pieces(List<Presence> presences) {
        Map<String, Piece> pieces = new HashMap<>();
        for (Presence presence : presences) {
            if (presence.open()) {
                continue;
            }
            Join join = presence.join();
            for (DaySplit.Piece day : DaySplit.pieces(join.at(), presence.end())) {
                String id = recordId(join.accountId(), join.participantId(), Long.MIN_VALUE, UsageMetric.PARTICIPANT_MINUTES, day.day());
                pieces.put(id, new Piece(id, join.accountId(), join.participantId(), UsageMetric.PARTICIPANT_MINUTES,
                        day.start(), day.end()));
            }
        }
        List<Long> runStarts = new ArrayList<>(starts.keySet());
        for (int i = 0; i < runStarts.size(); i++) {
            long start = runStarts.get(i);
            long next = i + 1 < runStarts.size() ? runStarts.get(i + 1) : Long.MAX_VALUE;
            Long ended = ends.ceiling(start);
            long end;
            if (ended != null && ended < next) {
                end = ended;
            } else {
                // No MeetingEnded: the run lasts to its last presence's close (USAGE.md).
                end = Long.MIN_VALUE;
                for (Presence presence : presences) {
                    if (!presence.open() && runOf(presence.join().at(), runStarts) == i) {
                        end = Math.max(end, presence.end());
                    }
                }
            }
            String account = starts.get(start);
            for (DaySplit.Piece day : DaySplit.pieces(start, end)) {
                String id = recordId(account, null, start, UsageMetric.MEETING_MINUTES, day.day());
                pieces.put(id, new Piece(id, account, null, UsageMetric.MEETING_MINUTES, day.start(), day.end()));
            }
        }
        return pieces;
    }

    /** A piece's deterministic id: of its presence's participant, or of its run ("run:" + start). */
    private String recordId(String account, String participant, long run, UsageMetric metric, long day) {
        return ids.computeIfAbsent(new IdKey(account, participant, run, metric, day), key -> key.participant() != null
                ? UsageIds.of(key.account(), meetingId, key.participant(), key.metric(), key.day())
                : UsageIds.of(key.account(), meetingId, "run:" + key.run(), key.metric(), key.day()));
    }

    /** The run a join belongs to: the last one started at or before it (the first when none). */
    private static int runOf(long joinedAt, List<Long> runStarts) {
        int run = 0;
        for (int i = 0; i < runStarts.size(); i++) {
            if (runStarts.get(i) <= joinedAt) {
                run = i;
            }
        }
        return run;
    }

    private void tellPieces(Map<String, Piece> now, Outcome outcome) {
        for (Piece piece : now.values()) {
            Piece before = told.get(piece.recordId());
            if (!piece.equals(before)) {
                told.put(piece.recordId(), piece);
                outcome.usage().add(record(piece));
            }
        }
        for (var it = told.values().iterator(); it.hasNext(); ) {
            Piece before = it.next();
            if (!now.containsKey(before.recordId())) {
                // The piece is gone (a late Left ended the presence earlier): overwrite it with zero.
                it.remove();
                outcome.usage().add(record(new Piece(before.recordId(), before.accountId(), before.participantId(),
                        before.metric(), before.windowStart(), before.windowStart())));
            }
        }
    }

    private UsageRecord record(Piece piece) {
        return UsageRecord.newBuilder()
                .setRecordId(piece.recordId())
                .setAccountId(piece.accountId())
                .setMeetingId(meetingId)
                .setParticipantId(piece.participantId())
                .setMetric(piece.metric())
                .setQuantity(piece.quantity())
                .setWindowStart(Instant.ofEpochMilli(piece.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(piece.windowEnd()))
                .build();
    }

    private void tellSpans(List<Presence> presences, Outcome outcome) {
        for (Presence presence : presences) {
            if (presence.open()) {
                continue;
            }
            Join join = presence.join();
            Span span = new Span(join.accountId(), join.at(), presence.end());
            Span before = toldSpans.put(join.participantId(), span);
            if (!span.equals(before)) {
                outcome.spans().add(new PresenceChange(join.accountId(), meetingId + "|" + join.participantId(),
                        before == null ? -1 : before.start(), before == null ? -1 : before.end(), span.start(), span.end()));
            }
        }
    }

    /** USAGE.md: a person's presences merge when one starts within the reconnect grace of the previous end. */
    private List<SessionRow> sessions(List<Presence> presences, MeterRules rules) {
        Map<String, List<Presence>> byPerson = new HashMap<>();
        for (Presence presence : presences) {
            byPerson.computeIfAbsent(presence.join().person(), p -> new ArrayList<>()).add(presence);
        }
        List<SessionRow> rows = new ArrayList<>();
        for (List<Presence> own : byPerson.values()) {
            Presence first = null;
            Presence last = null;
            long end = 0;
            for (Presence presence : own) {
                boolean merges = first != null
                        && (end == Long.MAX_VALUE || presence.join().at() <= end + rules.reconnectGrace());
                if (!merges) {
                    if (first != null) {
                        rows.add(row(first, last, end));
                    }
                    first = presence;
                    last = presence;
                    end = presence.open() ? Long.MAX_VALUE : presence.end();
                } else {
                    long presenceEnd = presence.open() ? Long.MAX_VALUE : presence.end();
                    if (presenceEnd >= end) {
                        last = presence;
                        end = presenceEnd;
                    }
                }
            }
            if (first != null) {
                rows.add(row(first, last, end));
            }
        }
        return rows;
    }

    private SessionRow row(Presence first, Presence last, long end) {
        Join join = first.join();
        boolean open = end == Long.MAX_VALUE;
        return new SessionRow(meetingId, join.at(), join.participantId(), join.accountId(), join.userId(),
                join.displayName(), join.role(), join.client(), open ? null : end, open ? null : last.closeReason());
    }

    private void tellSessions(List<SessionRow> rows, Outcome outcome) {
        Map<String, SessionRow> now = new HashMap<>();
        for (SessionRow row : rows) {
            now.put(row.key(), row);
            if (!row.equals(toldSessions.get(row.key()))) {
                outcome.upserts().add(row);
            }
        }
        for (SessionRow before : toldSessions.values()) {
            if (!now.containsKey(before.key())) {
                outcome.deletes().add(before);
            }
        }
        toldSessions = now;
    }

    /** Live view: presences open at event time {@code now}. */
    public List<Presence> presencesAt(long now, MeterRules rules) {
        return presences(now, rules);
    }

    /** Live view: whether a run is in progress (started, not ended). */
    public boolean inProgress() {
        if (starts.isEmpty()) {
            return false;
        }
        long last = starts.lastKey();
        return ends.ceiling(last) == null;
    }

    /** Live view: the account of the latest run, or of any presence. */
    public String accountId() {
        if (!starts.isEmpty()) {
            return starts.lastEntry().getValue();
        }
        return joins.values().stream().map(Join::accountId).findFirst().orElse(null);
    }
}
