package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.UsageIds;
import io.confab.jobs.usage.account.PresenceChange;
import io.confab.storage.usage.DaySplit;
import io.confab.jobs.usage.state.StateFormat;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

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
 *
 * <p>A Joined or Left settles only what it can change ({@link #settleOne}): its presence, its
 * person's sessions and, when its presence is closed, the runs. Everything else is derived from
 * facts it does not touch, as long as event time crosses no other presence's timeout and no other
 * held leave's grace; when it would, or when this object did not derive the told output itself
 * (read from bytes), the whole meeting is settled. Both tell the same ({@code MeetingLedgerTest}).
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

    /**
     * What one call changed. Most calls change little (a Joined: one session row), so a list is
     * made only when something goes into it; the accessors give an empty list otherwise.
     */
    public static final class Outcome {
        private List<UsageRecord> usage;
        private List<PresenceChange> spans;
        private List<SessionRow> upserts;
        private List<SessionRow> deletes;
        private List<Rejection> rejections;

        static Outcome empty() {
            return new Outcome();
        }

        public List<UsageRecord> usage() {
            return usage == null ? List.of() : usage;
        }

        public List<PresenceChange> spans() {
            return spans == null ? List.of() : spans;
        }

        public List<SessionRow> upserts() {
            return upserts == null ? List.of() : upserts;
        }

        public List<SessionRow> deletes() {
            return deletes == null ? List.of() : deletes;
        }

        public List<Rejection> rejections() {
            return rejections == null ? List.of() : rejections;
        }

        void add(UsageRecord record) {
            if (usage == null) {
                usage = new ArrayList<>();
            }
            usage.add(record);
        }

        void add(PresenceChange span) {
            if (spans == null) {
                spans = new ArrayList<>();
            }
            spans.add(span);
        }

        void upsert(SessionRow row) {
            if (upserts == null) {
                upserts = new ArrayList<>();
            }
            upserts.add(row);
        }

        void delete(SessionRow row) {
            if (deletes == null) {
                deletes = new ArrayList<>();
            }
            deletes.add(row);
        }

        void add(Rejection rejection) {
            if (rejections == null) {
                rejections = new ArrayList<>();
            }
            rejections.add(rejection);
        }

        public boolean isEmpty() {
            return usage == null && spans == null && upserts == null && deletes == null && rejections == null;
        }

        /** Equal when the same things changed, in any order: the sinks key by record id and row key. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Outcome that && canonical().equals(that.canonical());
        }

        @Override
        public int hashCode() {
            return canonical().hashCode();
        }

        @Override
        public String toString() {
            return "Outcome" + canonical();
        }

        private List<List<String>> canonical() {
            return List.of(sorted(usage()), sorted(spans()), sorted(upserts()), sorted(deletes()),
                    rejections().stream().map(r -> r.origin().topic() + "/" + r.origin().partition() + "@" + r.origin().offset()
                            + " " + Arrays.toString(r.origin().key()) + " " + Arrays.toString(r.origin().value()) + ": " + r.reason())
                            .sorted().toList());
        }

        private static List<String> sorted(List<?> items) {
            return items.stream().map(String::valueOf).sorted().toList();
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
    Map<SessionRow.Key, SessionRow> toldSessions = new HashMap<>();
    long lastEventAt = Long.MIN_VALUE;
    long touchedWall;
    /**
     * The ids of the events metered into this ledger (the fold's dedupe); as an older meter left it
     * when read from its bytes or JSON (transient only so that the JSON reader of older ledgers skips it).
     */
    transient SeenEvents seen = SeenEvents.fromOlderMeter();
    /** Record ids already derived (a name-based UUID costs an MD5): not state, rebuilt as needed. */
    private final transient Map<IdKey, String> ids = new HashMap<>();
    /**
     * The event time the told output was last derived at by this object, or {@link #NOT_DERIVED}
     * (read from bytes): a Joined or Left settles only its own presence when the told output is this
     * object's own derivation and event time has not gone back since (see {@link #settleOne}).
     */
    private transient long derivedAt = NOT_DERIVED;
    private static final long NOT_DERIVED = Long.MAX_VALUE;
    /** {@link #nextDeadline} of the current facts, for {@link #deadlineRules}; not state. */
    private transient long deadline;
    private transient MeterRules deadlineRules;
    /** {@link #inProgress} of the current facts, found with {@link #deadline}; not state. */
    private transient boolean anyOpen;
    /** Settle every call whole: only for the test that compares both ways. */
    private transient boolean alwaysWhole;
    /** Calls settled by participant alone, so that test can tell the short way was taken. */
    transient int settledOne;

    private record IdKey(String account, String participant, long run, UsageMetric metric, long day) {
    }

    /** For the state serde. */
    private MeetingLedger() {
    }

    public MeetingLedger(String meetingId) {
        this(meetingId, SeenEvents.none());
    }

    /** A new ledger that starts with the events already {@code seen} (those of its meeting's expired ledgers). */
    public MeetingLedger(String meetingId, SeenEvents seen) {
        this.meetingId = Objects.requireNonNull(meetingId);
        this.seen = Objects.requireNonNull(seen);
    }

    /** The events metered into this ledger, by id and time (see {@link SeenEvents}). */
    public SeenEvents seen() {
        return seen;
    }

    /** The newest event time of the meeting's own events (Long.MIN_VALUE before the first). */
    public long lastEventAt() {
        return lastEventAt;
    }

    public String meetingId() {
        return meetingId;
    }

    /** When (the fold's running time, {@link QuietClock}) the meeting last had an event: quiet meetings move on the stream's present. */
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
            outcome.add(new Rejection(origin, "ParticipantJoined for participant " + join.participantId()
                    + " that already joined meeting " + meetingId + " (a participant id names one presence)"));
            return outcome;
        }
        long deadlineBefore = nextDeadline(rules);
        joins.put(join.participantId(), join);
        return settleOne(join.participantId(), join.at(), now, deadlineBefore, rules, outcome);
    }

    public Outcome left(String participantId, long at, String reason, Origin origin, long now, MeterRules rules) {
        Outcome outcome = Outcome.empty();
        if (leaves.containsKey(participantId) || pending.containsKey(participantId)) {
            outcome.add(new Rejection(origin, "ParticipantLeft for participant " + participantId
                    + " that already left meeting " + meetingId));
            return outcome;
        }
        long deadlineBefore = nextDeadline(rules);
        pending.put(participantId, new PendingLeave(at, reason, origin));
        return settleOne(participantId, at, now, deadlineBefore, rules, outcome);
    }

    /** Event time moved on: closes timed-out presences and gives up on leaves whose join never came. */
    public Outcome tick(long now, MeterRules rules) {
        return settle(Long.MIN_VALUE, now, rules, Outcome.empty());
    }

    /**
     * The earliest event time at which {@link #tick} may change something, or Long.MAX_VALUE. A
     * presence already told closed at its timeout no longer counts: only an event can change it now.
     * (Until meter48 it kept its passed deadline until the meeting expired, so each tick of that day
     * settled the meeting whole again and wrote its ledger to the changelog: about 86,400 times for one
     * participant whose client vanished.) Kept until the facts change: the fold asks before and after
     * every event.
     */
    public long nextDeadline(MeterRules rules) {
        if (deadlineRules != rules) {
            deadline = deadlineOf(rules);
            deadlineRules = rules;
        }
        return deadline;
    }

    /**
     * Whether a presence is open or a leave is held, as {@link #nextDeadline} counts them: a meeting in
     * progress, whose next event is likely soon. A meeting with nothing open hears of itself rarely
     * again (a late event, its expiry), so the fold need not keep it as an object.
     */
    public boolean inProgress(MeterRules rules) {
        nextDeadline(rules);
        return anyOpen;
    }

    private long deadlineOf(MeterRules rules) {
        long deadline = Long.MAX_VALUE;
        boolean open = false;
        long lastEnd = ends.isEmpty() ? Long.MIN_VALUE : ends.last();
        for (Join join : joins.values()) {
            // Open when neither a Left nor a MeetingEnded at or after the join closes it.
            if (lastEnd < join.at() && !leaves.containsKey(join.participantId())) {
                long timeout = join.at() + rules.presenceTimeout();
                if (toldTimedOut(join, timeout)) {
                    continue;
                }
                open = true;
                deadline = Math.min(deadline, timeout);
            }
        }
        for (PendingLeave leave : pending.values()) {
            open = true;
            deadline = Math.min(deadline, leave.at() + rules.grace());
        }
        anyOpen = open;
        return open ? deadline : Math.min(deadline, lastEventAt + rules.retention());
    }

    /**
     * Whether the told output has this presence, which no Left or MeetingEnded closes, closed at its
     * {@code timeout}. Its span told at the timeout says it was; its piece of the join's day still told
     * says it is now (a settle at an earlier event time opens it again and takes its pieces back, not
     * its span). The span is asked first: it is one map lookup, and almost always absent.
     */
    private boolean toldTimedOut(Join join, long timeout) {
        Span span = toldSpans.get(join.participantId());
        return span != null && span.end() == timeout && told.containsKey(recordId(join.accountId(), join.participantId(),
                Long.MIN_VALUE, UsageMetric.PARTICIPANT_MINUTES, DaySplit.dayOf(join.at())));
    }

    /** Nothing open and nothing heard for the retention: the state can go (its output stays). */
    public boolean expired(long now, MeterRules rules) {
        now = Math.max(now, lastEventAt);
        return pending.isEmpty() && presences(now, rules).stream().noneMatch(Presence::open)
                && now >= lastEventAt + rules.retention();
    }

    /**
     * Event time for a meeting is its own newest event while its events flow, and the stream's present
     * (passed in by {@link #tick}, see {@link QuietClock}) once it has gone quiet: a month replayed into
     * a live topic must not look late to itself just because other meetings' events are newer.
     */
    private Outcome settle(long eventAt, long now, MeterRules rules, Outcome outcome) {
        lastEventAt = Math.max(lastEventAt, eventAt);
        deadlineRules = null;
        return settleWhole(Math.max(now, lastEventAt), rules, outcome);
    }

    /** Everything derived again from all the facts. */
    private Outcome settleWhole(long now, MeterRules rules, Outcome outcome) {
        resolvePending(now, rules, outcome);
        List<Presence> presences = presences(now, rules);
        tellPieces(pieces(presences), outcome);
        tellSpans(presences, outcome);
        tellSessions(sessions(presences, rules), outcome);
        derivedAt = now;
        return outcome;
    }

    /**
     * After a Joined or Left of {@code participantId}: only that participant's facts changed, so only
     * its presence, its person's sessions and (when its presence is closed) the runs can differ from
     * what was told, provided no other presence's derivation moved with event time: none timed out
     * and no other held leave ran out of grace between the last derivation and now. That holds when
     * now is not before the last derivation's time and before the deadline of the facts as they were
     * ({@code deadlineBefore}, the earliest timeout or grace among the others and this participant's
     * old facts). Otherwise, or when the told output was not derived by this object, settle whole.
     */
    private Outcome settleOne(String participantId, long eventAt, long now, long deadlineBefore, MeterRules rules,
                              Outcome outcome) {
        lastEventAt = Math.max(lastEventAt, eventAt);
        deadlineRules = null;
        now = Math.max(now, lastEventAt);
        if (alwaysWhole || derivedAt == NOT_DERIVED || now < derivedAt || now >= deadlineBefore) {
            return settleWhole(now, rules, outcome);
        }
        PendingLeave held = pending.get(participantId);
        if (held != null && resolve(participantId, held, now, rules, outcome)) {
            pending.remove(participantId);
        }
        derivedAt = now;
        settledOne++;
        Join join = joins.get(participantId);
        if (join == null) {
            return outcome;
        }
        Presence presence = presenceOf(join, now, rules);
        tellParticipantPieces(presence, outcome);
        if (!presence.open()) {
            tellSpan(presence, outcome);
            tellRunPieces(now, rules, outcome);
        }
        tellPersonSessions(join.person(), now, rules, outcome);
        return outcome;
    }

    /** Held leaves meet their joins, or are refused once the grace is over. */
    private void resolvePending(long now, MeterRules rules, Outcome outcome) {
        pending.entrySet().removeIf(entry -> resolve(entry.getKey(), entry.getValue(), now, rules, outcome));
    }

    /** A held leave meets its join, or is refused once the grace is over: true when it is no longer held. */
    private boolean resolve(String participantId, PendingLeave leave, long now, MeterRules rules, Outcome outcome) {
        Join join = joins.get(participantId);
        if (join != null) {
            if (leave.at() < join.at()) {
                outcome.add(new Rejection(leave.origin(), "ParticipantLeft at " + Instant.ofEpochMilli(leave.at())
                        + " is before its ParticipantJoined at " + Instant.ofEpochMilli(join.at())
                        + " (participant " + participantId + ", meeting " + meetingId + ")"));
            } else {
                leaves.put(participantId, new Leave(leave.at(), leave.reason()));
            }
            return true;
        }
        if (now >= leave.at() + rules.grace()) {
            outcome.add(new Rejection(leave.origin(), "ParticipantLeft for participant " + participantId
                    + " of meeting " + meetingId + " whose ParticipantJoined did not come within usage.grace ("
                    + rules.grace() / 1000 + " s of event time)"));
            return true;
        }
        return false;
    }

    /** USAGE.md: Left closes; else the first MeetingEnded after the join; else the timeout once passed. */
    List<Presence> presences(long now, MeterRules rules) {
        List<Presence> presences = new ArrayList<>(joins.size());
        for (Join join : joins.values()) {
            presences.add(presenceOf(join, now, rules));
        }
        presences.sort(BY_JOIN);
        return presences;
    }

    private static final Comparator<Presence> BY_JOIN = Comparator.comparingLong((Presence p) -> p.join().at())
            .thenComparing(p -> p.join().participantId());

    private Presence presenceOf(Join join, long now, MeterRules rules) {
        Leave leave = leaves.get(join.participantId());
        if (leave != null) {
            return new Presence(join, leave.at(), leave.reason());
        }
        Long end = ends.ceiling(join.at());
        if (end != null) {
            return new Presence(join, end, "MEETING_ENDED");
        }
        if (now >= join.at() + rules.presenceTimeout()) {
            return new Presence(join, join.at() + rules.presenceTimeout(), "PRESENCE_TIMEOUT");
        }
        return new Presence(join, -1, null);
    }

    /** Every usage piece the facts give now, by a key stable across revisions. */
    private Map<String, Piece> pieces(List<Presence> presences) {
        Map<String, Piece> pieces = new HashMap<>();
        for (Presence presence : presences) {
            participantPieces(presence, pieces);
        }
        runPieces(() -> presences, pieces);
        return pieces;
    }

    /** A closed presence's part of each UTC day it spans; an open one has none yet. */
    private void participantPieces(Presence presence, Map<String, Piece> pieces) {
        if (presence.open()) {
            return;
        }
        Join join = presence.join();
        for (DaySplit.Piece day : DaySplit.pieces(join.at(), presence.end())) {
            String id = recordId(join.accountId(), join.participantId(), Long.MIN_VALUE, UsageMetric.PARTICIPANT_MINUTES, day.day());
            pieces.put(id, new Piece(id, join.accountId(), join.participantId(), UsageMetric.PARTICIPANT_MINUTES,
                    day.start(), day.end()));
        }
    }

    /**
     * Each run's part of each UTC day: a run ends at its MeetingEnded, else at its last presence's
     * close. A run without its end that still has a presence open is not settled: its end can only
     * move, so what was told of it stands (as the pieces now) and nothing new is told until the last
     * presence closes or the end comes. Telling it at every close sent a revision of the run's
     * minutes with each Left of a meeting in progress.
     */
    private void runPieces(Supplier<Collection<Presence>> presences, Map<String, Piece> pieces) {
        if (starts.isEmpty()) {
            return;
        }
        List<Long> runStarts = new ArrayList<>(starts.keySet());
        long[] lastClose = null;
        for (int i = 0; i < runStarts.size(); i++) {
            long start = runStarts.get(i);
            long next = i + 1 < runStarts.size() ? runStarts.get(i + 1) : Long.MAX_VALUE;
            Long ended = ends.ceiling(start);
            long end;
            if (ended != null && ended < next) {
                end = ended;
            } else {
                // No MeetingEnded: the run lasts to its last presence's close (USAGE.md).
                if (lastClose == null) {
                    lastClose = lastCloseByRun(runStarts, presences.get());
                }
                if (lastClose[i] == OPEN) {
                    keepTold(start, pieces);
                    continue;
                }
                end = lastClose[i];
            }
            String account = starts.get(start);
            for (DaySplit.Piece day : DaySplit.pieces(start, end)) {
                String id = recordId(account, null, start, UsageMetric.MEETING_MINUTES, day.day());
                pieces.put(id, new Piece(id, account, null, UsageMetric.MEETING_MINUTES, day.start(), day.end()));
            }
        }
    }

    /** A run's last close while one of its presences is still open. */
    private static final long OPEN = Long.MAX_VALUE;

    /** Per run, the latest close of its presences: {@link #OPEN} while one is open, Long.MIN_VALUE with none closed. */
    private static long[] lastCloseByRun(List<Long> runStarts, Collection<Presence> presences) {
        long[] lastClose = new long[runStarts.size()];
        Arrays.fill(lastClose, Long.MIN_VALUE);
        for (Presence presence : presences) {
            int run = runOf(presence.join().at(), runStarts);
            lastClose[run] = presence.open() ? OPEN : Math.max(lastClose[run], presence.end());
        }
        return lastClose;
    }

    /** What was told of the run started at {@code start} (its pieces carry its record ids), as its pieces now. */
    private void keepTold(long start, Map<String, Piece> pieces) {
        String account = starts.get(start);
        for (Piece piece : told.values()) {
            if (piece.metric() == UsageMetric.MEETING_MINUTES && piece.recordId().equals(recordId(account, null, start,
                    UsageMetric.MEETING_MINUTES, DaySplit.dayOf(piece.windowStart())))) {
                pieces.put(piece.recordId(), piece);
            }
        }
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
            tell(piece, outcome);
        }
        forgetAllBut(now, piece -> true, outcome);
    }

    /**
     * {@link #tellPieces} for one presence's pieces. What was told of it lies within the days of its
     * span as last told ({@code toldSpans}: pieces and span are told together for a closed presence,
     * and an open one has no pieces), so those days and the new ones are all that can differ.
     */
    private void tellParticipantPieces(Presence presence, Outcome outcome) {
        Join join = presence.join();
        Map<String, Piece> now = new HashMap<>();
        participantPieces(presence, now);
        for (Piece piece : now.values()) {
            tell(piece, outcome);
        }
        Span before = toldSpans.get(join.participantId());
        if (before != null) {
            for (DaySplit.Piece day : DaySplit.pieces(before.start(), before.end())) {
                String id = recordId(join.accountId(), join.participantId(), Long.MIN_VALUE, UsageMetric.PARTICIPANT_MINUTES, day.day());
                if (!now.containsKey(id)) {
                    forget(id, outcome);
                }
            }
        }
    }

    /** {@link #tellPieces} for the runs' pieces alone. */
    private void tellRunPieces(long now, MeterRules rules, Outcome outcome) {
        Map<String, Piece> runs = new HashMap<>();
        runPieces(() -> {
            List<Presence> presences = new ArrayList<>(joins.size());
            for (Join join : joins.values()) {
                presences.add(presenceOf(join, now, rules));
            }
            return presences;
        }, runs);
        for (Piece piece : runs.values()) {
            tell(piece, outcome);
        }
        forgetAllBut(runs, piece -> piece.metric() == UsageMetric.MEETING_MINUTES, outcome);
    }

    /** {@link #forget} every told piece of {@code kind} that is not among {@code now}. */
    private void forgetAllBut(Map<String, Piece> now, java.util.function.Predicate<Piece> kind, Outcome outcome) {
        List<String> gone = new ArrayList<>();
        for (Piece before : told.values()) {
            if (kind.test(before) && !now.containsKey(before.recordId())) {
                gone.add(before.recordId());
            }
        }
        gone.forEach(id -> forget(id, outcome));
    }

    private void tell(Piece piece, Outcome outcome) {
        Piece before = told.get(piece.recordId());
        if (!piece.equals(before)) {
            told.put(piece.recordId(), piece);
            outcome.add(record(piece));
        }
    }

    /** The piece is gone (a late Left ended the presence earlier): overwrite it with zero. */
    private void forget(String recordId, Outcome outcome) {
        Piece before = told.remove(recordId);
        if (before != null) {
            outcome.add(record(new Piece(before.recordId(), before.accountId(), before.participantId(),
                    before.metric(), before.windowStart(), before.windowStart())));
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
            if (!presence.open()) {
                tellSpan(presence, outcome);
            }
        }
    }

    private void tellSpan(Presence presence, Outcome outcome) {
        Join join = presence.join();
        Span span = new Span(join.accountId(), join.at(), presence.end());
        Span before = toldSpans.put(join.participantId(), span);
        if (!span.equals(before)) {
            outcome.add(new PresenceChange(join.accountId(), meetingId + "|" + join.participantId(),
                    before == null ? -1 : before.start(), before == null ? -1 : before.end(), span.start(), span.end()));
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
            personSessions(own, rules, rows);
        }
        return rows;
    }

    /** One person's sessions from their presences in join order. */
    private void personSessions(List<Presence> own, MeterRules rules, List<SessionRow> rows) {
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

    private SessionRow row(Presence first, Presence last, long end) {
        Join join = first.join();
        boolean open = end == Long.MAX_VALUE;
        return new SessionRow(meetingId, join.at(), join.participantId(), join.accountId(), join.userId(),
                join.displayName(), join.role(), join.client(), open ? null : end, open ? null : last.closeReason());
    }

    private void tellSessions(List<SessionRow> rows, Outcome outcome) {
        Map<SessionRow.Key, SessionRow> now = new HashMap<>();
        for (SessionRow row : rows) {
            SessionRow.Key key = row.key();
            now.put(key, row);
            if (!row.equals(toldSessions.get(key))) {
                outcome.upsert(row);
            }
        }
        for (SessionRow before : toldSessions.values()) {
            if (!now.containsKey(before.key())) {
                outcome.delete(before);
            }
        }
        toldSessions = now;
    }

    /**
     * {@link #tellSessions} for one person: a row is keyed by its first presence, so the person's
     * told rows are among the keys of their presences.
     */
    private void tellPersonSessions(String person, long now, MeterRules rules, Outcome outcome) {
        List<Presence> own = new ArrayList<>();
        for (Join join : joins.values()) {
            if (join.person().equals(person)) {
                own.add(presenceOf(join, now, rules));
            }
        }
        own.sort(BY_JOIN);
        List<SessionRow> rows = new ArrayList<>();
        personSessions(own, rules, rows);
        Map<SessionRow.Key, SessionRow> current = new HashMap<>();
        for (SessionRow row : rows) {
            SessionRow.Key key = row.key();
            current.put(key, row);
            SessionRow before = toldSessions.put(key, row);
            if (!row.equals(before)) {
                outcome.upsert(row);
            }
        }
        for (Presence presence : own) {
            SessionRow.Key key = new SessionRow.Key(presence.join().at(), presence.join().participantId());
            if (!current.containsKey(key)) {
                SessionRow before = toldSessions.remove(key);
                if (before != null) {
                    outcome.delete(before);
                }
            }
        }
    }

    /** For the test that compares a ledger settled by participant with one settled whole. */
    void settleAlwaysWhole() {
        alwaysWhole = true;
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
