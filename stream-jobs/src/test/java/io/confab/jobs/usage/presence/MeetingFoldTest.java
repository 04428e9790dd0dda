package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.MeterCounters;
import io.confab.jobs.usage.StateSerde;
import io.confab.jobs.usage.intake.Admitted;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.topics.Topics;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fold's deadline index is no store of its own: it is built from the meetings store when the
 * task is set up (after Kafka Streams restored that store from its changelog).
 */
class MeetingFoldTest {

    private static final MeterRules RULES = MeterRules.DEFAULTS;
    private static final long JOINED = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    private static final String CLOCK = "clock";
    private static final String OLDER_SEEN = "older-seen";  // not opened: the tests give the fold a KeptIds
    private final MeterCounters counters = new MeterCounters();

    @Test
    void indexesTheDeadlinesOfRestoredLedgersAndTimesThemOut() {
        MockProcessorContext<String, Object> context = context();
        KeyValueStore<String, MeetingLedger> meetings = context.getStateStore(MeetingFold.MEETINGS);
        KeyValueStore<String, Long> clock = context.getStateStore(CLOCK);
        RecordingTable sessions = new RecordingTable();
        context.addStateStore(sessions);
        // What a restored task finds: a meeting with an open presence, one with nothing open, and no index.
        meetings.put("m-open", openMeeting("m-open"));
        MeetingLedger closed = openMeeting("m-closed");
        closed.left("p-1", JOINED + 60_000, "LEFT", null, Long.MIN_VALUE, RULES);
        meetings.put("m-closed", closed);

        MeetingFold fold = fold();
        fold.init(context, new KeptIds(false));

        long timeout = JOINED + RULES.presenceTimeout();
        long expiry = JOINED + 60_000 + RULES.retention();
        assertEquals(List.of(new MeetingFold.Deadline(timeout, "m-open"), new MeetingFold.Deadline(expiry, "m-closed")),
                fold.due(Long.MAX_VALUE), "both restored ledgers indexed by their next deadline");
        assertEquals(List.of(), fold.due(timeout - 1));

        // Event time passes the open presence's timeout and the meeting has been quiet: the tick closes it.
        clock.put("newest", timeout + 1);
        runFor(context, RULES.quiet() + 1000);      // the first tick starts the fold's running time
        List<UsageRecord> usage = new ArrayList<>();
        context.forwarded().forEach(forwarded -> {
            if (forwarded.record().value() instanceof UsageRecord record) {
                usage.add(record);
            }
        });
        long minutes = usage.stream().filter(r -> r.getMetric() == UsageMetric.PARTICIPANT_MINUTES)
                .mapToLong(UsageRecord::getQuantity).sum();
        assertEquals(RULES.presenceTimeout(), minutes, "the presence closed at its timeout: " + usage);
        assertEquals(1, sessions.rows, "its session row completed");
        // Told closed at its timeout, the presence has no deadline of its own any more: the meeting's next
        // is its expiry, and no tick before that settles it again or writes its ledger.
        long openExpiry = JOINED + RULES.retention();
        assertEquals(List.of(new MeetingFold.Deadline(openExpiry, "m-open"), new MeetingFold.Deadline(expiry, "m-closed")),
                fold.due(Long.MAX_VALUE), "the index follows the ledger written by the tick");
        assertEquals(List.of(), fold.due(openExpiry - 1), "nothing for the ticks to do before the expiry");
        assertTrue(!fold.keeps("m-open"), "nothing open: the ledger is only in the store");
    }

    /**
     * Kafka Streams sets a new task up with its context's wall time at 0 (it sets that time for each
     * record and punctuation only): a ledger restored with the touch of a process that ran for days
     * times out once this process has run usage.quiet, not once it has run as long as that one did.
     */
    @Test
    void aRestartedTaskTimesOutARestoredPresenceAfterQuietOfItsOwnRunningTime() {
        MockProcessorContext<String, Object> context = context();
        long wall = context.currentSystemTimeMs();
        KeyValueStore<String, MeetingLedger> meetings = context.getStateStore(MeetingFold.MEETINGS);
        KeyValueStore<String, Long> clock = context.getStateStore(CLOCK);
        RecordingTable sessions = new RecordingTable();
        context.addStateStore(sessions);
        MeetingLedger restored = openMeeting("m-open");
        restored.touchedWall(wall - 60_000);        // by the process before, killed a minute ago
        meetings.put("m-open", restored);
        clock.put("newest", JOINED + RULES.presenceTimeout() + 1);

        context.setCurrentSystemTimeMs(0);          // what a new task's context holds while it is set up
        MeetingFold fold = fold();
        fold.init(context, new KeptIds(false));
        context.setCurrentSystemTimeMs(wall);
        runFor(context, RULES.quiet());
        assertEquals(0, sessions.rows, "not quiet within usage.quiet of the first tick");
        runFor(context, 1000);
        long minutes = context.forwarded().stream().map(forwarded -> forwarded.record().value())
                .filter(value -> value instanceof UsageRecord record && record.getMetric() == UsageMetric.PARTICIPANT_MINUTES)
                .mapToLong(value -> ((UsageRecord) value).getQuantity()).sum();
        assertEquals(RULES.presenceTimeout(), minutes, "the restored presence closed at its timeout");
        assertEquals(1, sessions.rows);
    }

    @Test
    void onAMeterUpgradedInPlaceAsksTheOlderMetersWindowStoreForTheIdsItMetered() {
        MockProcessorContext<String, Object> context = context();
        KeyValueStore<String, MeetingLedger> meetings = context.getStateStore(MeetingFold.MEETINGS);
        context.addStateStore(new RecordingTable());
        KeptIds kept = new KeptIds(true);
        // The older meter metered an event of m-old (its ledger has no ids of its own) and one of m-gone (ledger expired).
        kept.olderMeter.add("e-old@" + JOINED);
        kept.olderMeter.add("e-gone@" + JOINED);
        meetings.put("m-old", new MeetingLedger("m-old", SeenEvents.fromOlderMeter()));

        MeetingFold fold = fold();
        fold.init(context, kept);
        fold.process(ended("m-old", "e-old", JOINED));
        fold.process(ended("m-gone", "e-gone", JOINED));
        assertEquals(2, counters.get("duplicate", Topics.MEETING_EVENTS), "both found in the older meter's store");
        assertEquals(List.of(), context.forwarded());
        assertEquals(null, meetings.get("m-gone"), "a duplicate makes no ledger");

        fold.process(ended("m-gone", "e-new", JOINED + 1));
        fold.process(ended("m-gone", "e-new", JOINED + 1));
        assertEquals(3, counters.get("duplicate", Topics.MEETING_EVENTS), "a new id is metered once, from the ledger's own ids");
        MeetingLedger gone = meetings.get("m-gone");
        assertTrue(gone.seen().contains("e-new", JOINED + 1));
        assertTrue(!gone.seen().complete(), "on an upgraded meter a new ledger still asks the older store");
    }

    /** Span changes wait in the outbox until the commit's flush and leave as one batch per account, in the order made. */
    @Test
    void sendsTheSpanChangesOfACommitAsOneBatchPerAccount() {
        MockProcessorContext<String, Object> context = context();
        context.addStateStore(new RecordingTable());
        SpanOutbox outbox = SpanOutbox.builder().build();
        context.addStateStore(outbox);
        MeetingFold fold = fold()
                .withSpanOutbox(SpanOutbox.NAME);
        fold.init(context, new KeptIds(false));
        fold.process(joined("m-1", "p-1", "e-1", JOINED));
        fold.process(joined("m-1", "p-2", "e-2", JOINED + 60_000));
        fold.process(left("m-1", "p-2", "e-3", JOINED + 120_000));
        fold.process(ended("m-1", "e-4", JOINED + 180_000));
        assertEquals(List.of(), spanBatches(context), "nothing sent before the commit");
        assertEquals(2, outbox.pending());

        outbox.flushCache();
        List<io.confab.jobs.usage.account.PresenceChanges> sent = spanBatches(context);
        assertEquals(1, sent.size(), "one batch for the account: " + sent);
        assertEquals("acct-1", sent.get(0).accountId());
        assertEquals(List.of("m-1|p-2", "m-1|p-1"), sent.get(0).changes().stream().map(io.confab.jobs.usage.account.PresenceChange::presence).toList(),
                "p-2's Left first, then p-1's close at the end");
        assertEquals(List.of(JOINED + 120_000, JOINED + 180_000), sent.get(0).changes().stream()
                .map(io.confab.jobs.usage.account.PresenceChange::newEnd).toList());
        assertEquals(0, outbox.pending());
        context.resetForwards();
        outbox.flushCache();
        assertEquals(List.of(), spanBatches(context), "each change sent once");
    }

    private static List<io.confab.jobs.usage.account.PresenceChanges> spanBatches(MockProcessorContext<String, Object> context) {
        List<io.confab.jobs.usage.account.PresenceChanges> batches = new ArrayList<>();
        context.forwarded().forEach(forwarded -> {
            if (forwarded.record().value() instanceof io.confab.jobs.usage.account.PresenceChanges batch) {
                batches.add(batch);
            }
        });
        return batches;
    }

    @Test
    void aDuplicateIsTheSameIdAtTheSameTime() {
        SeenEvents seen = SeenEvents.none();
        assertTrue(seen.add("e-1", 10) && seen.add("e-1", 20), "new pairs");
        assertTrue(!seen.add("e-1", 10), "the same pair again");
        assertTrue(seen.contains("e-1", 10) && seen.contains("e-1", 20));
        assertTrue(!seen.contains("e-1", 30) && !seen.contains("e-2", 10));
        SeenEvents merged = SeenEvents.none();
        merged.addAll(seen);
        assertTrue(merged.contains("e-1", 10) && merged.contains("e-1", 20) && merged.complete());
        merged.addAll(SeenEvents.fromOlderMeter());
        assertTrue(!merged.complete(), "merging an older meter's ids makes the set incomplete");
    }

    /** Only meetings in progress stay objects; one with nothing open is read back from the store when it hears again. */
    @Test
    void keepsTheLedgersOfMeetingsInProgressOnlyAndReadsAQuietOneBack() {
        MockProcessorContext<String, Object> context = context();
        KeyValueStore<String, MeetingLedger> meetings = context.getStateStore(MeetingFold.MEETINGS);
        RecordingTable sessions = new RecordingTable();
        context.addStateStore(sessions);
        MeetingFold fold = fold();
        fold.init(context, new KeptIds(false));

        fold.process(joined("m-1", "p-1", "e-1", JOINED));
        assertTrue(fold.keeps("m-1"), "a presence is open");
        fold.process(left("m-1", "p-1", "e-2", JOINED + 60_000));
        assertTrue(!fold.keeps("m-1"), "nothing open: the ledger is only in the store");
        // The same person again, and a replay of the first Left: read back from the store's bytes.
        fold.process(joined("m-1", "p-2", "e-3", JOINED + 120_000));
        fold.process(left("m-1", "p-1", "e-2", JOINED + 60_000));
        assertTrue(fold.keeps("m-1"));
        assertEquals(1, counters.get("duplicate", Topics.MEETING_EVENTS), "the replayed Left is found in the read-back ids");
        fold.process(left("m-1", "p-2", "e-4", JOINED + 180_000));
        assertTrue(!fold.keeps("m-1"));
        long minutes = context.forwarded().stream().map(forwarded -> forwarded.record().value())
                .filter(value -> value instanceof UsageRecord record && record.getMetric() == UsageMetric.PARTICIPANT_MINUTES)
                .mapToLong(value -> ((UsageRecord) value).getQuantity()).sum();
        assertEquals(120_000, minutes, "both presences metered once each, whichever copy they were folded into");
        assertEquals(4, meetings.get("m-1").seen().size());
    }

    /**
     * A meeting that ends with nothing open (here: none started; else at its MeetingEnded) moves its
     * expiry (a day ahead) from the heap to the shelf; a late join brings it back; a tick finding it
     * due before its meeting is quiet moves it to the heap; once quiet it expires.
     */
    @Test
    void anEndedMeetingWaitsForItsExpiryOnTheShelf() {
        MockProcessorContext<String, Object> context = context();
        KeyValueStore<String, MeetingLedger> meetings = context.getStateStore(MeetingFold.MEETINGS);
        context.addStateStore(new RecordingTable());
        KeptIds kept = new KeptIds(false);
        MeetingFold fold = fold();
        fold.init(context, kept);

        for (int m = 0; m < 50; m++) {
            fold.process(joined("m-" + m, "p-1", "e-" + m + "-1", JOINED + m));
        }
        assertArrayEquals(new int[]{50, 0}, fold.deadlinesHeld(), "50 meetings in progress, on the heap");
        for (int m = 0; m < 50; m++) {
            fold.process(left("m-" + m, "p-1", "e-" + m + "-2", JOINED + 60_000 + m));
        }
        assertArrayEquals(new int[]{0, 50}, fold.deadlinesHeld(), "nothing open, no run: every expiry on the shelf");
        long lastExpiry = JOINED + 60_000 + 49 + RULES.retention();
        assertEquals(new MeetingFold.Deadline(lastExpiry, "m-49"), fold.due(lastExpiry).get(49), "due in time order");
        assertEquals(49, fold.due(lastExpiry - 1).size(), "an expiry is not due before its time");

        // A late join opens m-7 again: its expiry leaves the shelf, a presence timeout comes on the heap.
        fold.process(joined("m-7", "p-2", "e-7-3", JOINED + 120_000));
        assertArrayEquals(new int[]{1, 49}, fold.deadlinesHeld());
        assertEquals(new MeetingFold.Deadline(JOINED + 120_000 + RULES.presenceTimeout(), "m-7"), fold.due(lastExpiry).get(0));
        fold.process(left("m-7", "p-2", "e-7-4", JOINED + 180_000));
        assertArrayEquals(new int[]{0, 50}, fold.deadlinesHeld());

        // A meeting whose run has not ended stays on the heap though empty; its MeetingEnded moves it.
        meetings.put("m-run", openMeeting("m-run"));
        fold.init(context, kept);
        fold.process(left("m-run", "p-1", "e-run-2", JOINED + 60_000));
        assertArrayEquals(new int[]{1, 50}, fold.deadlinesHeld(), "m-run is empty, but its run goes on");
        fold.process(ended("m-run", "e-run-3", JOINED + 120_000));
        assertArrayEquals(new int[]{0, 51}, fold.deadlinesHeld());

        // The stream moves on past every expiry with another meeting's events: all 51 are due, but within
        // usage.quiet of the task's set-up no meeting is quiet, so the ticks leave the index alone; then they expire.
        long later = JOINED + 180_000 + RULES.retention();
        KeyValueStore<String, Long> clock = context.getStateStore(CLOCK);
        clock.put("newest", later);
        fold.process(joined("m-next", "p-1", "e-next-1", later));
        runFor(context, 1000);
        assertArrayEquals(new int[]{1, 51}, fold.deadlinesHeld(), "the 51 due stay on the shelf beside m-next's timeout");
        runFor(context, RULES.quiet());
        for (int m = 0; m < 50; m++) {
            assertEquals(null, meetings.get("m-" + m), "m-" + m + " expired once quiet");
            assertTrue(kept.archived.containsKey("m-" + m), "and its ids were archived");
        }
        assertEquals(null, meetings.get("m-run"));
        assertEquals(List.of(new MeetingFold.Deadline(later + RULES.presenceTimeout(), "m-next")), fold.due(Long.MAX_VALUE));
    }

    /** An expiry due before its meeting is quiet (an event of it came lately) waits on the heap, asked at every tick, then expires. */
    @Test
    void aDueExpiryWaitsOnTheHeapUntilItsMeetingIsQuiet() {
        MockProcessorContext<String, Object> context = context();
        KeyValueStore<String, MeetingLedger> meetings = context.getStateStore(MeetingFold.MEETINGS);
        KeyValueStore<String, Long> clock = context.getStateStore(CLOCK);
        context.addStateStore(new RecordingTable());
        MeetingFold fold = fold();
        fold.init(context, new KeptIds(false));
        runFor(context, RULES.quiet() + 1000);       // past usage.quiet since the set-up

        fold.process(joined("m-1", "p-1", "e-1", JOINED));
        fold.process(left("m-1", "p-1", "e-2", JOINED + 60_000));
        assertArrayEquals(new int[]{0, 1}, fold.deadlinesHeld(), "its expiry on the shelf");
        // Another meeting's event moves the stream's present past m-1's expiry.
        long later = JOINED + 60_000 + RULES.retention();
        clock.put("newest", later);
        fold.process(joined("m-next", "p-1", "e-next-1", later));
        runFor(context, 1000);
        assertArrayEquals(new int[]{2, 0}, fold.deadlinesHeld(), "due, but heard a second ago: on the heap beside m-next's timeout");
        runFor(context, RULES.quiet() - 2000);
        assertTrue(meetings.get("m-1") != null, "not yet quiet");
        runFor(context, 2000);
        assertEquals(null, meetings.get("m-1"), "expired once quiet");
        assertArrayEquals(new int[]{1, 0}, fold.deadlinesHeld(), "m-next's timeout alone");
    }

    /**
     * Within usage.quiet of the task's set-up no meeting is quiet, so the ticks do nothing: asked then,
     * before any event, the present is the task's newest event time, and in a backfill every expiry on
     * the shelf would move to the heap and be read back at each tick.
     */
    @Test
    void theTicksOfTheFirstQuietSpanAfterASetUpLeaveTheIndexAlone() {
        MockProcessorContext<String, Object> context = context();
        KeyValueStore<String, MeetingLedger> meetings = context.getStateStore(MeetingFold.MEETINGS);
        KeyValueStore<String, Long> clock = context.getStateStore(CLOCK);
        context.addStateStore(new RecordingTable());
        for (int m = 0; m < 20; m++) {
            MeetingLedger ended = openMeeting("m-" + m);
            ended.left("p-1", JOINED + 60_000, "LEFT", null, Long.MIN_VALUE, RULES);
            ended.ended(JOINED + 120_000, Long.MIN_VALUE, RULES);
            meetings.put("m-" + m, ended);
        }
        clock.put("newest", JOINED + 30L * 86_400_000L);   // live traffic a month later: every expiry due
        MeetingFold fold = fold();
        fold.init(context, new KeptIds(false));
        assertArrayEquals(new int[]{0, 20}, fold.deadlinesHeld());
        runFor(context, RULES.quiet());
        assertArrayEquals(new int[]{0, 20}, fold.deadlinesHeld(), "still on the shelf");
        runFor(context, 1000);
        assertEquals(0, fold.deadlinesHeld()[0] + fold.deadlinesHeld()[1], "then all quiet and expired");
        assertEquals(null, meetings.get("m-0"));
    }

    /** The task running for {@code millis}: a tick a second, as Kafka Streams calls the fold's. */
    private static void runFor(MockProcessorContext<String, Object> context, long millis) {
        for (long ran = 0; ran < millis; ran += 1000) {
            context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 1000);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());
        }
    }

    private static Record<String, Admitted<MeetingEvent>> joined(String meetingId, String participant, String eventId, long at) {
        return admitted(meetingId, eventId, at, io.confab.storage.events.ParticipantJoined.newBuilder().setParticipantId(participant)
                .setUserId("u-1").setDisplayName("Ann").setRole(io.confab.storage.events.ParticipantRole.PARTICIPANT)
                .setAudioMuted(false).setVideoMuted(false).setClient("web").build());
    }

    private static Record<String, Admitted<MeetingEvent>> left(String meetingId, String participant, String eventId, long at) {
        return admitted(meetingId, eventId, at, io.confab.storage.events.ParticipantLeft.newBuilder().setParticipantId(participant)
                .setReason(io.confab.storage.events.LeaveReason.LEFT).build());
    }

    private static Record<String, Admitted<MeetingEvent>> admitted(String meetingId, String eventId, long at, Object payload) {
        MeetingEvent event = MeetingEvent.newBuilder().setEventId(eventId).setAccountId("acct-1").setMeetingId(meetingId)
                .setOccurredAt(Instant.ofEpochMilli(at)).setPayload(payload).build();
        return new Record<>(meetingId, new Admitted<>(event, new Origin(Topics.MEETING_EVENTS, 0, 0, null, null), at), at);
    }

    /** UUID ids (kept as two longs) by the same rule as any other id, through the table's growth and a merge. */
    @Test
    void aUuidIdIsADuplicateOnlyAsTheSameTextAtTheSameTime() {
        SeenEvents seen = SeenEvents.none();
        java.util.Random random = new java.util.Random(16);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(new java.util.UUID(random.nextLong(), random.nextLong()).toString());
            assertTrue(seen.add(ids.get(i), JOINED + i), "new");
            assertTrue(!seen.add(ids.get(i), JOINED + i), "added before");
        }
        assertEquals(1_000, seen.size(), "adding a pair twice keeps it once");
        String id = ids.get(500);
        assertTrue(seen.contains(id, JOINED + 500) && !seen.contains(id, JOINED + 501));
        assertTrue(!seen.contains(id.toUpperCase(java.util.Locale.ROOT), JOINED + 500), "upper case is another id");
        assertTrue(!seen.contains(id.replace('-', '0'), JOINED + 500) && !seen.contains(id + " ", JOINED + 500));
        assertTrue(!seen.contains(id, Long.MIN_VALUE) && !seen.contains(id.substring(1), JOINED + 500));
        seen.add(id, Long.MIN_VALUE);
        assertTrue(seen.contains(id, Long.MIN_VALUE) && seen.contains(id, JOINED + 500) && seen.size() == 1_001);
        SeenEvents merged = SeenEvents.none();
        merged.add(ids.get(0), JOINED);
        merged.addAll(seen);
        assertEquals(1_001, merged.size());
        assertTrue(ids.stream().allMatch(each -> merged.contains(each, JOINED + ids.indexOf(each))));
    }

    private static Record<String, Admitted<MeetingEvent>> ended(String meetingId, String eventId, long at) {
        MeetingEvent event = MeetingEvent.newBuilder().setEventId(eventId).setAccountId("acct-1").setMeetingId(meetingId)
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setPayload(MeetingEnded.newBuilder().setReason(MeetingEndReason.ENDED_BY_HOST).build()).build();
        return new Record<>(meetingId, new Admitted<>(event, new Origin(Topics.MEETING_EVENTS, 0, 0, null, null), at), at);
    }

    /** The archive's place: the older meter's ids as "id@time"; expired ledgers' ids by meeting. */
    private static final class KeptIds implements SeenArchive {
        final Set<String> olderMeter = new HashSet<>();
        final Map<String, SeenEvents> archived = new HashMap<>();
        private final boolean upgraded;

        KeptIds(boolean upgraded) {
            this.upgraded = upgraded;
        }

        @Override
        public SeenEvents archived(String meetingId) {
            SeenEvents all = upgraded ? SeenEvents.fromOlderMeter() : SeenEvents.none();
            if (archived.containsKey(meetingId)) {
                all.addAll(archived.get(meetingId));
            }
            return all;
        }

        @Override
        public void archive(String meetingId, SeenEvents seen, long at) {
            archived.put(meetingId, seen);
        }

        @Override
        public boolean seenByOlderMeter(String eventId, long at) {
            return olderMeter.contains(eventId + "@" + at);
        }
    }

    /** The fold under test: a tick a second, its sessions to the {@link RecordingTable}. */
    private MeetingFold fold() {
        return new MeetingFold(RULES, RecordingTable.NAME, CLOCK, OLDER_SEEN, counters, Duration.ofSeconds(1));
    }

    /** A task's context with the meetings store and the clock, in memory. */
    private static MockProcessorContext<String, Object> context() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(Instant.parse("2026-12-05T06:00:00Z").toEpochMilli());
        store(context, MeetingFold.MEETINGS, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MeetingFold.MEETINGS),
                Serdes.String(), StateSerde.of(MeetingLedger.class, MeetingLedger.FORMAT)).withLoggingDisabled().build());
        store(context, CLOCK, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CLOCK), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build());
        return context;
    }

    private static MeetingLedger openMeeting(String meetingId) {
        MeetingLedger ledger = new MeetingLedger(meetingId);
        ledger.started(JOINED, "acct-1", Long.MIN_VALUE, RULES);
        ledger.joined(new MeetingLedger.Join("p-1", "acct-1", "u-1", "u-1", "Name u-1", "PARTICIPANT", "web", JOINED),
                null, Long.MIN_VALUE, RULES);
        return ledger;
    }

    private static <S extends StateStore> S store(MockProcessorContext<String, Object> context, String name, S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** The session outbox's place: counts what the fold hands it. */
    private static final class RecordingTable implements StateStore, SessionTable {
        static final String NAME = "sessions";
        int rows;

        @Override
        public void upsert(SessionRow row) {
            rows++;
        }

        @Override
        public void delete(SessionRow row) {
            rows++;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
