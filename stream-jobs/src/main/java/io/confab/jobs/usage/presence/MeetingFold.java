package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.MeterCounters;
import io.confab.jobs.usage.intake.Admitted;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.jobs.usage.account.PresenceChanges;
import io.confab.jobs.usage.state.WrappedContext;
import io.confab.storage.usage.SessionPerson;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The presence and session fold, keyed by meeting id: adapts {@link MeetingLedger} to Kafka
 * Streams. It keeps one ledger per meeting, a deadline index (by event time, then meeting id, so
 * what is due is a head of it), gives session rows to the session outbox (written at the commit),
 * and forwards usage records, span changes and rejections.
 *
 * <p>Duplicates are dropped here, not in the intake: each ledger holds the ids (and times) of the
 * events metered into it ({@link SeenEvents}), written with the ledger once per commit. A window
 * store with a changelog record per event was the intake's dedupe before, the largest single share
 * of what the stream thread handed the producer. When a ledger expires, its ids are archived whole
 * under the meeting id ({@link #ARCHIVE}, a window store at the meeting's last event time with the
 * seen-id retention), and a meeting without a ledger is checked against that archive. A ledger an
 * older meter wrote has its ids in that meter's window store ({@code usage-seen-meeting-events}),
 * which is then asked as well (never written any more).
 *
 * <p>The deadline index is not a state store: it is a function of the ledgers (each one's
 * {@link MeetingLedger#nextDeadline}), so it is built from the restored meetings store whenever
 * the task is set up and kept in step with every ledger written. Meters before this one kept it in
 * a changelogged store, {@code usage-meeting-deadlines}; that changelog is no longer read or written.
 * It has two parts: the deadlines of meetings that run (a presence open or a leave held, minutes
 * ahead; or a run not ended) in a {@code TreeSet}, as many as meetings run at once, and the expiries
 * of ended meetings with nothing open, a day ahead, packed on an {@link ExpiryShelf}.
 */
public final class MeetingFold implements Processor<String, Admitted<MeetingEvent>, String, Object> {

    public static final String MEETINGS = "usage-meetings";
    /** The seen events of expired ledgers, by meeting id at its last event time. */
    public static final String ARCHIVE = "usage-meeting-seen-archive";
    private static final String NEWEST = "newest";

    private final MeterRules rules;
    private final String sessionStore;
    /** The {@link SpanOutbox}'s name; null: each span change is forwarded at once (unit tests). */
    private String spanStore;
    private SpanOutbox spans;
    private final String clockStore;
    private final Duration tickEvery;
    private final String olderSeenStore;
    private final MeterCounters counters;
    private SeenArchive archive;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, MeetingLedger> meetings;
    /**
     * The next deadline of each meeting that runs, with its meeting id, and the ended meetings' expiries
     * a tick found due before they were quiet: derived from the meetings store, never stored.
     */
    private final TreeSet<Deadline> deadlines = new TreeSet<>();
    /** The expiries of ended meetings with nothing open ({@link #waitsOnShelf}). */
    private final ExpiryShelf shelf = new ExpiryShelf();
    private KeyValueStore<String, Long> clock;
    private SessionTable sessions;
    private final QuietClock quietClock;
    /**
     * The ledgers of meetings in progress (a presence open or a leave held) read or written lately, as
     * objects, so an event does not read its meeting's ledger back from bytes; every change still goes
     * to the store at once (its {@code CommitBuffer} serializes it at the commit). A ledger with nothing
     * open leaves this copy when it is written: its meeting hears rarely again (a late event, a new
     * join after all left, its expiry), and kept here it only filled the heap's old generation (until
     * meter37 the last 1,000 of every task, ended or not: 6,000 ledgers, most of a 384 MiB heap's
     * live set and the serial GC's largest cost). Until the commit the buffer beneath still hands back
     * the same object. Only this task's processor touches them; cleared whenever the task is set up again
     * (after a failure its state is restored from the changelog, and this copy would be ahead).
     */
    private final Map<String, MeetingLedger> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MeetingLedger> eldest) {
            return size() > RECENT_LEDGERS;
        }
    };
    /**
     * Per task (meeting.events has 6 partitions, the meter's heap is 384 MB): a thousand meetings in
     * progress per partition at a few KB each stays within a few tens of MB; more are read back.
     */
    static final int RECENT_LEDGERS = 1_000;

    /**
     * {@code sessionStore} names a store that is also a {@link SessionTable}: the outbox written at each
     * commit; {@code olderSeenStore} the window store of event ids older meters deduplicated with.
     */
    public MeetingFold(MeterRules rules, String sessionStore, String clockStore, String olderSeenStore, MeterCounters counters,
                       Duration tickEvery) {
        this.rules = rules;
        this.sessionStore = sessionStore;
        this.clockStore = clockStore;
        this.olderSeenStore = olderSeenStore;
        this.counters = counters;
        this.tickEvery = tickEvery;
        this.quietClock = new QuietClock(rules.quiet(), tickEvery.toMillis());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        init(context, SeenArchive.inStores(context, ARCHIVE, olderSeenStore));
    }

    /** With the archive of seen ids given (unit tests: window stores need Kafka Streams' own context). */
    void init(ProcessorContext<String, Object> context, SeenArchive archive) {
        this.context = context;
        this.archive = archive;
        this.meetings = context.getStateStore(MEETINGS);
        this.clock = context.getStateStore(clockStore);
        this.sessions = (SessionTable) context.getStateStore(sessionStore);
        if (spanStore != null) {
            spans = context.getStateStore(spanStore);
            spans.sendWith(sendingAsThisProcessor(context));
        }
        recent.clear();
        // The task's stores are restored before its processors are set up: index what they hold.
        deadlines.clear();
        shelf.clear();
        try (KeyValueIterator<String, MeetingLedger> all = meetings.all()) {
            all.forEachRemaining(entry -> index(entry.value, Long.MAX_VALUE, true));
        }
        // Not context.currentSystemTimeMs() here: it is only the wall time while a record or punctuation runs.
        quietClock.restart();
        // Wall-clock ticks check deadlines against event time: a quiet topic must still close
        // timed-out presences once event time is past them.
        context.schedule(tickEvery, PunctuationType.WALL_CLOCK_TIME, ignored -> tick());
    }

    /** Span changes go through the {@link SpanOutbox} named {@code store}: one record per account and commit. */
    public MeetingFold withSpanOutbox(String store) {
        this.spanStore = store;
        return this;
    }

    /**
     * Forwards a batch from the outbox's flush, which Kafka Streams calls outside any processor: as a
     * punctuation does, with this processor as the current node and a record context of no input
     * record (what Kafka Streams' own caching stores do when they forward at a flush).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static java.util.function.Consumer<PresenceChanges> sendingAsThisProcessor(ProcessorContext<String, Object> context) {
        if (!(WrappedContext.ownContext(context) instanceof InternalProcessorContext internal)) {
            return batch -> context.forward(new Record<>(batch.accountId(), batch, context.currentSystemTimeMs()));
        }
        ProcessorNode self = internal.currentNode();
        if (self == null) {
            // Kafka Streams 4.1 sets the node while it sets the processor up; a version that does not
            // would leave the batches nowhere to go (UsageTopologyTest's peaks would be missing).
            throw new IllegalStateException("no current processor node while the meeting fold is set up: its span changes could not be sent");
        }
        return batch -> {
            ProcessorNode before = internal.currentNode();
            ProcessorRecordContext beforeContext = internal.recordContext();
            long now = internal.currentSystemTimeMs();
            internal.setCurrentNode(self);
            internal.setRecordContext(new ProcessorRecordContext(now, -1L, -1, null, new RecordHeaders()));
            try {
                internal.forward(new Record<>(batch.accountId(), batch, now));
            } finally {
                internal.setCurrentNode(before);
                internal.setRecordContext(beforeContext);
            }
        };
    }

    @Override
    public void process(Record<String, Admitted<MeetingEvent>> record) {
        MeetingEvent event = record.value().value();
        // The meeting's own clock decides while its events flow (see MeetingLedger#settle).
        long now = Long.MIN_VALUE;
        long at = event.getOccurredAt().toEpochMilli();
        MeetingLedger ledger = ledger(event.getMeetingId());
        long deadlineBefore = ledger == null ? Long.MAX_VALUE : ledger.nextDeadline(rules);
        boolean onHeapBefore = ledger == null || !waitsOnShelf(ledger);
        if (ledger == null) {
            ledger = new MeetingLedger(event.getMeetingId(), archive.archived(event.getMeetingId()));
        }
        if (!metered(ledger.seen(), event.getEventId(), at)) {
            counters.duplicate(record.value().origin().topic());
            return;
        }
        MeetingLedger.Outcome outcome = apply(ledger, event, record.value().origin(), now, rules);
        ledger.touchedWall(quietClock.running(context.currentSystemTimeMs()));
        quietClock.processed(at);
        store(ledger, deadlineBefore, onHeapBefore);
        emit(outcome, record.timestamp());
    }

    /**
     * The metered event as its ledger's fact (the intake let through only runs and presences, {@code
     * intake.MeetingEventInput}); the fold's only path from an event to its ledger.
     */
    static MeetingLedger.Outcome apply(MeetingLedger ledger, MeetingEvent event, Origin origin, long now, MeterRules rules) {
        long at = event.getOccurredAt().toEpochMilli();
        Object payload = event.getPayload();
        if (payload instanceof MeetingStarted) {
            return ledger.started(at, event.getAccountId(), now, rules);
        }
        if (payload instanceof ParticipantJoined joined) {
            String person = SessionPerson.of(joined.getUserId(), joined.getDisplayName());
            return ledger.joined(new MeetingLedger.Join(joined.getParticipantId(), event.getAccountId(), person,
                    joined.getUserId(), joined.getDisplayName(), joined.getRole().name(), joined.getClient(), at), origin, now, rules);
        }
        if (payload instanceof ParticipantLeft left) {
            return ledger.left(left.getParticipantId(), at, left.getReason().name(), origin, now, rules);
        }
        return ledger.ended(at, now, rules);
    }

    private void tick() {
        quietClock.tick(context.currentSystemTimeMs());
        if (!quietClock.pastStart()) {
            // No meeting is quiet yet, so nothing due could be settled. Asked now, before any event is
            // processed, the present would be the task's newest event time: in a backfill behind live
            // traffic every expiry on the shelf would be due and move to the heap, to be read back and
            // found not quiet at every tick of this span (after a restart: a day's ended meetings).
            return;
        }
        Long newest = clock.get(NEWEST);
        if (newest == null) {
            return;
        }
        long now = quietClock.present(newest);
        List<Deadline> due = due(now);
        // What is due leaves the shelf now: an expiry whose meeting is not yet quiet waits on the heap,
        // asked again at every tick, so the shelf is never scanned twice for it.
        shelf.dropDue(now);
        for (Deadline entry : due) {
            MeetingLedger ledger = ledger(entry.meetingId());
            if (ledger == null) {
                deadlines.remove(entry);
                continue;
            }
            if (!quietClock.quiet(ledger.touchedWall())) {
                deadlines.add(entry);
                continue;
            }
            deadlines.remove(entry);
            MeetingLedger.Outcome outcome = ledger.tick(now, rules);
            if (ledger.expired(now, rules)) {
                // The ids outlive the ledger: a duplicate may come as long as its month is metered.
                archive.archive(ledger.meetingId(), ledger.seen(), ledger.lastEventAt());
                meetings.delete(ledger.meetingId());
                recent.remove(ledger.meetingId());
            } else {
                store(ledger, Long.MAX_VALUE, true);
            }
            emit(outcome, context.currentSystemTimeMs());
        }
    }

    @Override
    public void close() {
        recent.clear();
    }

    /**
     * Adds the event to the ledger's ids unless it was metered before: in those ids, or, for a ledger
     * an older meter wrote, in that meter's window store (asked before anything is added, as that
     * store is only read). False for a duplicate.
     */
    private boolean metered(SeenEvents seen, String eventId, long at) {
        if (seen.complete()) {
            return seen.add(eventId, at);
        }
        return !seen.contains(eventId, at) && !archive.seenByOlderMeter(eventId, at) && seen.add(eventId, at);
    }

    private MeetingLedger ledger(String meetingId) {
        MeetingLedger ledger = recent.get(meetingId);
        if (ledger == null) {
            ledger = meetings.get(meetingId);
            if (ledger != null) {
                recent.put(meetingId, ledger);
            }
        }
        return ledger;
    }

    private void store(MeetingLedger ledger, long deadlineBefore, boolean onHeapBefore) {
        meetings.put(ledger.meetingId(), ledger);
        index(ledger, deadlineBefore, onHeapBefore);
        if (ledger.inProgress(rules)) {
            recent.put(ledger.meetingId(), ledger);
        } else {
            recent.remove(ledger.meetingId());
        }
    }

    /** Whether the fold keeps {@code meetingId}'s ledger as an object (for the tests). */
    boolean keeps(String meetingId) {
        return recent.containsKey(meetingId);
    }

    /**
     * Whether the ledger's deadline waits on the {@link ExpiryShelf}: the meeting has nothing open and
     * its last run has ended (or it had none), so that deadline is its expiry, a day ahead. A meeting
     * started but empty stays on the heap: its first join comes soon.
     */
    private boolean waitsOnShelf(MeetingLedger ledger) {
        return !ledger.inProgress(rules) && !ledger.inProgress();
    }

    /**
     * Moves the ledger's entry in the deadline index from {@code deadlineBefore} (MAX_VALUE: none) to
     * its deadline now, on the shelf if it {@link #waitsOnShelf} and on the heap if not. The entry
     * before is on the heap if {@code onHeapBefore}, else on the shelf unless a tick found it due
     * and moved it to the heap. Most events change neither.
     */
    private void index(MeetingLedger ledger, long deadlineBefore, boolean onHeapBefore) {
        long deadline = ledger.nextDeadline(rules);
        boolean onHeap = !waitsOnShelf(ledger);
        if (deadline == deadlineBefore && onHeap == onHeapBefore) {
            return;
        }
        if (deadlineBefore != Long.MAX_VALUE) {
            Deadline before = new Deadline(deadlineBefore, ledger.meetingId());
            if (!deadlines.remove(before) && !onHeapBefore) {
                shelf.remove(deadlineBefore, ledger.meetingId());
            }
        }
        if (deadline != Long.MAX_VALUE) {
            if (onHeap) {
                deadlines.add(new Deadline(deadline, ledger.meetingId()));
            } else {
                shelf.add(deadline, ledger.meetingId());
            }
        }
    }

    /** How many deadlines the index holds on the heap and on the shelf (for the tests). */
    int[] deadlinesHeld() {
        return new int[]{deadlines.size(), shelf.size()};
    }

    /** When (event time) a meeting's ledger may next change without an event of its own. */
    record Deadline(long at, String meetingId) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : meetingId.compareTo(other.meetingId);
        }
    }

    /** The deadlines due at event time {@code now}, earliest first: a copy, as the tick changes the index. */
    List<Deadline> due(long now) {
        List<Deadline> due = new ArrayList<>();
        for (Deadline deadline : deadlines) {
            if (deadline.at() > now) {
                break;
            }
            due.add(deadline);
        }
        int onHeap = due.size();
        shelf.due(now, due);
        if (due.size() > onHeap) {
            due.sort(null);
        }
        return due;
    }

    private void emit(MeetingLedger.Outcome outcome, long timestamp) {
        outcome.deletes().forEach(sessions::delete);
        outcome.upserts().forEach(sessions::upsert);
        outcome.usage().forEach(usage -> context.forward(new Record<>(usage.getAccountId(), usage, timestamp)));
        if (spans != null) {
            outcome.spans().forEach(spans::add);
        } else {
            outcome.spans().forEach(span -> context.forward(new Record<>(span.accountId(), new PresenceChanges(span.accountId(), List.of(span)),
                    timestamp)));
        }
        outcome.rejections().forEach(rejection -> context.forward(new Record<>(keyOf(rejection), rejection, timestamp)));
    }

    private static String keyOf(Rejection rejection) {
        byte[] key = rejection.origin().key();
        return key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
}
