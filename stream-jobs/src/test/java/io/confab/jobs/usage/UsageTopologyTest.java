package io.confab.jobs.usage;

import io.confab.jobs.usage.account.PeakFold;
import io.confab.jobs.usage.intake.TimeRules;
import io.confab.jobs.usage.presence.MeetingFold;
import io.confab.jobs.usage.presence.MeetingLedger;
import io.confab.jobs.usage.state.CommitBuffer;
import io.confab.jobs.usage.presence.MeterRules;
import io.confab.jobs.usage.presence.SeenEvents;
import io.confab.jobs.usage.presence.SessionRow;
import io.confab.jobs.usage.presence.SessionTable;
import io.confab.jobs.usage.recording.RecordingFold;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.CachingKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.confab.jobs.usage.Events.ended;
import static io.confab.jobs.usage.Events.joined;
import static io.confab.jobs.usage.Events.left;
import static io.confab.jobs.usage.Events.started;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole meter graph through Kafka Streams' TopologyTestDriver, with sessions kept in memory. */
class UsageTopologyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    private static final long MINUTE = 60_000;

    private final Map<String, SessionRow> sessions = new HashMap<>();
    private final MeterCounters counters = new MeterCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> meetingEvents;
    private TestInputTopic<String, byte[]> artifacts;
    private TestInputTopic<String, byte[]> segments;
    private TestOutputTopic<String, byte[]> usage;
    private TestOutputTopic<String, byte[]> deadLetters;
    /** recordId -> latest record, as the Cassandra sink keeps them. */
    private final Map<String, UsageRecord> ledger = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        SessionTable table = new SessionTable() {
            @Override
            public void upsert(SessionRow row) {
                sessions.put(row.meetingId() + "|" + row.key(), row);
            }

            @Override
            public void delete(SessionRow row) {
                sessions.remove(row.meetingId() + "|" + row.key());
            }
        };
        var topology = new UsageTopology(new TimeRules(Duration.ofHours(24)), MeterRules.DEFAULTS, CLOCK, table, counters,
                Duration.ofSeconds(1)).build();
        Properties props = UsageTopology.storeSettings(new Properties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "usage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("usage-test").toString());
        driver = new TopologyTestDriver(topology, props, CLOCK.instant());
        meetingEvents = driver.createInputTopic(Topics.MEETING_EVENTS, new StringSerializer(), new ByteArraySerializer());
        artifacts = driver.createInputTopic(Topics.RECORDING_ARTIFACTS, new StringSerializer(), new ByteArraySerializer());
        segments = driver.createInputTopic(Topics.TRANSCRIPT_SEGMENTS, new StringSerializer(), new ByteArraySerializer());
        usage = driver.createOutputTopic(Topics.USAGE_RECORDS, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.deadLetterOf(Topics.MEETING_EVENTS), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(MeetingEvent... events) {
        for (MeetingEvent event : events) {
            meetingEvents.pipeInput(event.getMeetingId(), Codecs.MEETING_EVENTS.encode(event));
        }
    }

    /** The meter running for {@code time}: a tick every second, as Kafka Streams calls the fold's. */
    private void runFor(Duration time) {
        for (long s = 0; s < time.toSeconds(); s++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    private long total(UsageMetric metric, String day) {
        usage.readValuesToList().forEach(bytes -> {
            UsageRecord record = Codecs.USAGE_RECORDS.decode(bytes).orElseThrow();
            ledger.put(record.getRecordId(), record);
        });
        long dayStart = Instant.parse(day + "T00:00:00Z").toEpochMilli();
        return ledger.values().stream()
                .filter(r -> r.getMetric() == metric)
                .filter(r -> Math.floorDiv(r.getWindowStart().toEpochMilli(), 86_400_000L) * 86_400_000L == dayStart)
                .mapToLong(UsageRecord::getQuantity).sum();
    }

    @Test
    void keyValueStoresKeepTheRecordCacheSoRepeatedWritesReachTheChangelogOncePerCommit() {
        // TopologyTestDriver commits after every record, so the coalescing itself shows only on the
        // platform (stream-jobs/README.md, Figures); here, that every rewritten store has the cache.
        for (String name : List.of(UsageTopology.CLOCK_MEETINGS, UsageTopology.CLOCK_ARTIFACTS, UsageTopology.CLOCK_SEGMENTS,
                MeetingFold.MEETINGS, PeakFold.PEAK_DAYS, PeakFold.PEAK_QUARTERS, RecordingFold.RECORDINGS)) {
            StateStore store = (StateStore) driver.getKeyValueStore(name);
            assertTrue(cached(store), name + " should be a caching store, its layers are " + layers(store));
        }
    }

    @Test
    void ledgersWrittenToTheirCommitBufferReachTheChangelogAtTheCommit() {
        // The meeting and peak ledgers reach their stores only in the cache flush of each commit
        // (CommitBuffer): if Kafka Streams stopped calling that hook, no changelog record would come.
        for (String name : List.of(MeetingFold.MEETINGS, PeakFold.PEAK_DAYS, PeakFold.PEAK_QUARTERS)) {
            StateStore store = (StateStore) driver.getKeyValueStore(name);
            assertTrue(store instanceof CommitBuffer, name + " should have a commit buffer in front, its layers are " + layers(store));
        }
        send(started("m-7", "2026-12-02T10:00:00Z"), joined("m-7", "p-1", "u-1", "2026-12-02T10:00:00Z"),
                left("m-7", "p-1", "2026-12-02T10:30:00Z"));
        var meetingsChangelog = driver.createOutputTopic("usage-test-" + MeetingFold.MEETINGS + "-changelog",
                new StringDeserializer(), StateSerde.of(MeetingLedger.class, MeetingLedger.FORMAT).deserializer());
        var written = meetingsChangelog.readKeyValuesToList();
        // The driver commits after every record: one ledger per event, each with what that event added.
        assertEquals(3, written.size(), "one changelog record per commit");
        assertEquals(List.of("m-7", "m-7", "m-7"), written.stream().map(entry -> entry.key).toList());
        MeetingLedger afterJoin = written.get(1).value;
        assertEquals("acct-1", afterJoin.accountId());
        assertEquals(1, afterJoin.presencesAt(Instant.parse("2026-12-02T10:15:00Z").toEpochMilli(), MeterRules.DEFAULTS).size(),
                "the ledger of the second commit holds the join");
        assertEquals(0, ((CommitBuffer<?, ?>) driver.getKeyValueStore(MeetingFold.MEETINGS)).buffered(), "nothing left unwritten after a commit");
        var peakChangelog = driver.createOutputTopic("usage-test-" + PeakFold.PEAK_DAYS + "-changelog",
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        assertTrue(!peakChangelog.readKeyValuesToList().isEmpty(), "the account-day's peak reached its changelog");
        assertTrue(driver.getKeyValueStore(UsageTopology.CLOCK_MEETINGS) instanceof CommitBuffer, "the task clock is buffered too");
        var clockChangelog = driver.createOutputTopic("usage-test-" + UsageTopology.CLOCK_MEETINGS + "-changelog",
                new StringDeserializer(), new org.apache.kafka.common.serialization.LongDeserializer());
        // The join at the start's time leaves the clock as it was: no write, no record.
        assertEquals(List.of(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli(), Instant.parse("2026-12-02T10:30:00Z").toEpochMilli()),
                clockChangelog.readValuesToList(), "the clock reached its changelog at the commits where it moved");
    }

    @Test
    void storesThatGrowWithTheDataAreOnDiskSoTheyDoNotFillTheHeap() {
        MeetingEvent join = joined("m-9", "p-1", "u-1", "2026-12-02T10:00:00Z");
        send(started("m-9", "2026-12-02T10:00:00Z"), join, join);
        for (String name : List.of(UsageTopology.SEEN_MEETINGS, UsageTopology.SEEN_ARTIFACTS, UsageTopology.SEEN_SEGMENTS,
                MeetingFold.ARCHIVE)) {
            StateStore store = (StateStore) driver.getWindowStore(name);
            assertTrue(store.persistent(), name + " should be on disk, its layers are " + layers(store));
        }
        for (String name : List.of(MeetingFold.MEETINGS, PeakFold.PEAK_DAYS, PeakFold.PEAK_QUARTERS, RecordingFold.RECORDINGS)) {
            StateStore store = (StateStore) driver.getKeyValueStore(name);
            assertTrue(store.persistent(), name + " should be on disk, its layers are " + layers(store));
        }
        KeyValueStore<String, MeetingLedger> meetings = driver.getKeyValueStore(MeetingFold.MEETINGS);
        assertTrue(meetings.get("m-9") != null, "m-9's ledger is kept");
        long at = Instant.parse("2026-12-02T10:00:00Z").toEpochMilli();
        assertTrue(meetings.get("m-9").seen().contains(join.getEventId(), at), "the admitted join's id is kept in its meeting's ledger");
        assertEquals(1, counters.get("duplicate", Topics.MEETING_EVENTS));
    }

    @Test
    void meetingEventIdsGoToTheChangelogWithTheLedgerNotOneRecordPerEvent() {
        MeetingEvent join = joined("m-10", "p-1", "u-1", "2026-12-02T10:00:00Z");
        send(started("m-10", "2026-12-02T10:00:00Z"), join, left("m-10", "p-1", "2026-12-02T10:05:00Z"));
        var olderChangelog = driver.createOutputTopic("usage-test-" + UsageTopology.SEEN_MEETINGS + "-changelog",
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        assertTrue(olderChangelog.isEmpty(), "the older meters' window store of ids is only read");
        var meetingsChangelog = driver.createOutputTopic("usage-test-" + MeetingFold.MEETINGS + "-changelog",
                new StringDeserializer(), StateSerde.of(MeetingLedger.class, MeetingLedger.FORMAT).deserializer());
        MeetingLedger last = meetingsChangelog.readValuesToList().get(2);
        assertTrue(last.seen().contains(join.getEventId(), Instant.parse("2026-12-02T10:00:00Z").toEpochMilli()));
        assertEquals(3, last.seen().size(), "the start, the join and the leave");
    }

    @Test
    void aDuplicateOfAnEventWhoseLedgerExpiredIsFoundInTheArchive() {
        MeetingEvent join = joined("m-11", "p-1", "u-1", "2026-12-01T09:00:00Z");
        send(started("m-11", "2026-12-01T09:00:00Z"), join, left("m-11", "p-1", "2026-12-01T09:30:00Z"),
                ended("m-11", "2026-12-01T09:30:00Z"));
        assertEquals(30 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-01"));
        // Event time moves past m-11's retention (26 h after its last event); once quiet, the tick expires its ledger.
        send(started("m-12", "2026-12-03T11:00:00Z"));
        runFor(Duration.ofSeconds(61));
        assertEquals(null, driver.getKeyValueStore(MeetingFold.MEETINGS).get("m-11"), "m-11's ledger expired");
        WindowStore<String, SeenEvents> archive = driver.getWindowStore(MeetingFold.ARCHIVE);
        long lastEvent = Instant.parse("2026-12-01T09:30:00Z").toEpochMilli();
        assertEquals(4, archive.fetch("m-11", lastEvent).size(), "its ids archived at its last event time");

        send(join);
        assertEquals(1, counters.get("duplicate", Topics.MEETING_EVENTS), "the replayed join is a duplicate");
        assertEquals(null, driver.getKeyValueStore(MeetingFold.MEETINGS).get("m-11"), "and makes no new ledger");
        assertEquals(30 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-01"));
        assertTrue(deadLetters.isEmpty());
    }

    private static boolean cached(StateStore store) {
        for (StateStore layer = store; ; layer = ((WrappedStateStore<?, ?, ?>) layer).wrapped()) {
            if (layer instanceof CachingKeyValueStore) {
                return true;
            }
            if (!(layer instanceof WrappedStateStore)) {
                return false;
            }
        }
    }

    private static List<String> layers(StateStore store) {
        List<String> names = new java.util.ArrayList<>();
        for (StateStore layer = store; layer != null;
             layer = layer instanceof WrappedStateStore<?, ?, ?> wrapped ? wrapped.wrapped() : null) {
            names.add(layer.getClass().getSimpleName());
        }
        return names;
    }

    @Test
    void splitsAPresenceAtMidnightAndCountsTheMeetingRunAndPeak() {
        send(started("m-1", "2026-12-01T23:00:00Z"),
                joined("m-1", "p-1", "u-1", "2026-12-01T23:00:00Z"),
                joined("m-1", "p-2", "u-2", "2026-12-01T23:30:00Z"),
                left("m-1", "p-2", "2026-12-02T00:30:00Z"),
                left("m-1", "p-1", "2026-12-02T01:00:00Z"),
                ended("m-1", "2026-12-02T01:00:00Z"));
        assertEquals(60 * MINUTE + 30 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-01"));
        assertEquals(60 * MINUTE + 30 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-02"));
        assertEquals(60 * MINUTE, total(UsageMetric.MEETING_MINUTES, "2026-12-01"));
        assertEquals(60 * MINUTE, total(UsageMetric.MEETING_MINUTES, "2026-12-02"));
        assertEquals(2, total(UsageMetric.PEAK_PARTICIPANTS, "2026-12-01"));
        assertEquals(2, total(UsageMetric.PEAK_PARTICIPANTS, "2026-12-02"));
        assertEquals(2, sessions.size(), "one session per person: " + sessions);
    }

    @Test
    void dropsDuplicatesAndMergesAReconnectIntoOneSession() {
        MeetingEvent join = joined("m-2", "p-1", "u-1", "2026-12-02T10:00:00Z");
        send(started("m-2", "2026-12-02T10:00:00Z"), join, join,
                left("m-2", "p-1", "2026-12-02T10:10:00Z"),
                joined("m-2", "p-1b", "u-1", "2026-12-02T10:11:00Z"),
                left("m-2", "p-1b", "2026-12-02T10:20:00Z"),
                ended("m-2", "2026-12-02T10:20:00Z"));
        assertEquals(19 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-02"), "the 1 min gap is not billed");
        assertEquals(1, total(UsageMetric.PEAK_PARTICIPANTS, "2026-12-02"));
        assertEquals(1, counters.get("duplicate", Topics.MEETING_EVENTS));
        assertEquals(1, sessions.size(), sessions.toString());
        SessionRow session = sessions.values().iterator().next();
        assertEquals("p-1", session.participantId());
        assertEquals(Instant.parse("2026-12-02T10:20:00Z").toEpochMilli(), session.leftAt());
    }

    @Test
    void holdsALeftThatComesBeforeItsJoinAndClosesAMissingLeaveAtMeetingEnd() {
        send(started("m-3", "2026-12-02T09:00:00Z"),
                left("m-3", "p-1", "2026-12-02T09:30:00Z"),
                joined("m-3", "p-1", "u-1", "2026-12-02T09:00:00Z"),
                joined("m-3", "p-2", "u-2", "2026-12-02T09:10:00Z"),
                ended("m-3", "2026-12-02T09:40:00Z"));
        assertEquals(30 * MINUTE + 30 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-02"));
        // A late Left of p-2 revises its presence to end earlier, under the same record id.
        send(left("m-3", "p-2", "2026-12-02T09:20:00Z"));
        assertEquals(30 * MINUTE + 10 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-02"));
        assertEquals(40 * MINUTE, total(UsageMetric.MEETING_MINUTES, "2026-12-02"));
    }

    @Test
    void closesAPresenceWithNeitherLeftNorEndAtTheTimeoutOnceTheMeetingIsQuiet() {
        send(started("m-5", "2026-12-01T10:00:00Z"), joined("m-5", "p-1", "u-1", "2026-12-01T10:00:00Z"),
                started("m-6", "2026-12-02T11:00:00Z"));
        assertEquals(0, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-01"), "still open, and the meeting not quiet yet");
        runFor(Duration.ofSeconds(61));
        assertEquals(14 * 60 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-01"));
        assertEquals(10 * 60 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-12-02"));
        assertEquals(10 * 60 * MINUTE, total(UsageMetric.MEETING_MINUTES, "2026-12-02"), "no end: the run lasts to its last presence's close");
    }

    /**
     * A pause of the whole task (a restore, a commit waiting on Cassandra, a long collection) is not
     * silence: m-20's next events are still waiting in the partition. Measured in wall time, the one
     * tick after a two-minute pause found m-20 quiet, settled it at the task's newest event time (a
     * live meeting's, weeks later), expired its ledger, and its end then came to a ledger without its
     * start: no meeting minutes (UsageMeteringTest lost a run that way in a whole-suite run).
     */
    @Test
    void aPauseOfTheWholeTaskDoesNotMakeAMeetingQuietInTheMiddleOfItsEvents() {
        send(started("m-21", "2026-12-03T11:00:00Z"));
        send(started("m-20", "2026-11-20T09:00:00Z"));
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        send(joined("m-20", "p-1", "u-1", "2026-11-20T09:00:00Z"), left("m-20", "p-1", "2026-11-20T09:40:00Z"),
                ended("m-20", "2026-11-20T10:00:00Z"));
        assertEquals(60 * MINUTE, total(UsageMetric.MEETING_MINUTES, "2026-11-20"));
        assertEquals(40 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-11-20"));
    }

    /**
     * Kafka Streams sets a task up with no wall time in its processors' context (0 for a new task,
     * as here): the fold's running time starts at its first event or tick, so a meeting's last touch
     * is wall time. Counted from 0 at the set-up (until stop 48), a meter restarted after an hour found
     * the meetings the process before had touched not quiet for another hour.
     */
    @Test
    void aMeetingsLastTouchIsTheWallTimeOfItsEventNotTheTimeSinceTheTaskWasSetUp() {
        send(started("m-70", "2026-12-03T11:00:00Z"), joined("m-70", "p-1", "u-1", "2026-12-03T11:01:00Z"));
        MeetingLedger ledger = driver.<String, MeetingLedger>getKeyValueStore(MeetingFold.MEETINGS).get("m-70");
        assertEquals(CLOCK.millis(), ledger.touchedWall(), "the wall time the driver processed the join at");
        runFor(Duration.ofSeconds(10));
        send(left("m-70", "p-1", "2026-12-03T11:02:00Z"));
        ledger = driver.<String, MeetingLedger>getKeyValueStore(MeetingFold.MEETINGS).get("m-70");
        assertEquals(CLOCK.millis() + 10_000, ledger.touchedWall(), "ten seconds of ticks later");
    }

    /**
     * A month replayed into a topic whose clock is already today: while the replay flows, a meeting
     * that goes quiet moves on the replay's own time, not today's, so it does not expire before its
     * next events (further down the partition) are read; once the topic is idle, today's.
     */
    @Test
    void aMonthReplayedBehindANewerClockSettlesAQuietMeetingAtTheReplaysOwnTime() {
        send(started("m-31", "2026-12-03T11:00:00Z"));
        runFor(Duration.ofSeconds(121));    // the live traffic two minutes ago
        send(started("m-30", "2026-11-20T09:00:00Z"));
        Instant replay = Instant.parse("2026-11-20T09:00:00Z");
        for (int s = 1; s <= 90; s++) {
            send(started("m-30-other-" + s, replay.plusSeconds(s).toString()));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertTrue(driver.getKeyValueStore(MeetingFold.MEETINGS).get("m-30") != null, "m-30 quiet for 90 s, but not expired");
        send(joined("m-30", "p-1", "u-1", "2026-11-20T09:01:00Z"), left("m-30", "p-1", "2026-11-20T09:31:00Z"),
                ended("m-30", "2026-11-20T10:00:00Z"));
        assertEquals(60 * MINUTE, total(UsageMetric.MEETING_MINUTES, "2026-11-20"));
        assertEquals(30 * MINUTE, total(UsageMetric.PARTICIPANT_MINUTES, "2026-11-20"));
        // The replay over and the topic idle: today's clock, and m-30 (26 h past its last event) expires.
        runFor(Duration.ofSeconds(61));
        assertEquals(null, driver.getKeyValueStore(MeetingFold.MEETINGS).get("m-30"), "m-30 expired once the topic was idle");
        assertEquals(60 * MINUTE, total(UsageMetric.MEETING_MINUTES, "2026-11-20"));
    }

    /**
     * UsageMeteringTest's month has a meeting without an end whose one presence never leaves (stop 44:
     * a whole-suite run lost it whole). Replayed behind today's clock, the presence timeout closes it at
     * its join plus 24 h of the replay's own time, once the replay is past that, and the run ends there.
     */
    @Test
    void aMonthReplayedBehindANewerClockClosesAPresenceThatNeverLeftAtTheTimeout() {
        send(started("m-61", "2026-12-03T11:00:00Z"));
        runFor(Duration.ofSeconds(121));    // the live traffic two minutes ago
        send(started("m-60", "2026-11-10T08:52:39Z"), joined("m-60", "p-0", "u-0", "2026-11-10T09:04:07Z"),
                joined("m-60", "p-1", "u-1", "2026-11-10T09:11:20Z"), left("m-60", "p-1", "2026-11-10T09:29:34Z"));
        // The replay flows on, an hour of its time per second, past the timeout: m-60 hears nothing more.
        Instant replay = Instant.parse("2026-11-10T10:00:00Z");
        for (int h = 0; h < 72; h++) {
            send(started("m-60-later-" + h, replay.plus(Duration.ofHours(h)).toString()));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        runFor(Duration.ofSeconds(61));
        long toMidnight = Instant.parse("2026-11-11T00:00:00Z").toEpochMilli() - Instant.parse("2026-11-10T08:52:39Z").toEpochMilli();
        long afterMidnight = Instant.parse("2026-11-11T09:04:07Z").toEpochMilli() - Instant.parse("2026-11-11T00:00:00Z").toEpochMilli();
        assertEquals(toMidnight, total(UsageMetric.MEETING_MINUTES, "2026-11-10"));
        assertEquals(afterMidnight, total(UsageMetric.MEETING_MINUTES, "2026-11-11"));
        assertEquals(Instant.parse("2026-11-11T00:00:00Z").toEpochMilli() - Instant.parse("2026-11-10T09:04:07Z").toEpochMilli()
                + 18 * MINUTE + 14_000, total(UsageMetric.PARTICIPANT_MINUTES, "2026-11-10"));
        assertEquals(afterMidnight, total(UsageMetric.PARTICIPANT_MINUTES, "2026-11-11"));
    }

    /**
     * A run without its MeetingEnded lasts to its last presence's close, which can only move while a
     * presence is open: it is told once none is, not revised with every Left of a meeting in progress.
     */
    @Test
    void tellsARunWithoutItsEndOnlyOnceNoneOfItsPresencesIsOpen() {
        send(started("m-40", "2026-12-02T09:00:00Z"),
                joined("m-40", "p-1", "u-1", "2026-12-02T09:00:00Z"), joined("m-40", "p-2", "u-2", "2026-12-02T09:05:00Z"),
                joined("m-40", "p-3", "u-3", "2026-12-02T09:10:00Z"),
                left("m-40", "p-1", "2026-12-02T09:20:00Z"), left("m-40", "p-2", "2026-12-02T09:30:00Z"));
        assertEquals(List.of(), runMinutesTold(), "p-3 still there: the run's end can still move");
        send(left("m-40", "p-3", "2026-12-02T09:40:00Z"));
        assertEquals(List.of(40 * MINUTE), runMinutesTold(), "told once, to the last close");
        send(joined("m-40", "p-4", "u-4", "2026-12-02T09:41:00Z"));
        assertEquals(List.of(), runMinutesTold(), "someone back: what was told stands, neither revised nor withdrawn");
        send(ended("m-40", "2026-12-02T09:45:00Z"));
        assertEquals(List.of(45 * MINUTE), runMinutesTold(), "revised by its end");
    }

    /** The MEETING_MINUTES quantities sent since the last call, in order. */
    private List<Long> runMinutesTold() {
        return usage.readValuesToList().stream().map(bytes -> Codecs.USAGE_RECORDS.decode(bytes).orElseThrow())
                .filter(record -> record.getMetric() == UsageMetric.MEETING_MINUTES).map(UsageRecord::getQuantity).toList();
    }

    @Test
    void deadLettersALeftWhoseJoinNeverComesAndBadInput() {
        send(started("m-4", "2026-12-02T09:00:00Z"), left("m-4", "p-9", "2026-12-02T09:05:00Z"),
                joined("m-4", "p-1", "u-1", "2026-12-02T09:30:00Z"));
        runFor(Duration.ofSeconds(61));
        meetingEvents.pipeInput("m-4", new byte[]{1, 2, 3});
        send(joined("m-4", "p-2", "u-2", "2031-01-01T00:00:00Z"));
        List<org.apache.kafka.streams.KeyValue<String, byte[]>> records = deadLetters.readKeyValuesToList();
        List<DeadLetter> letters = records.stream().map(record -> Codecs.DEAD_LETTERS.decode(record.value).orElseThrow()).toList();
        assertEquals(3, letters.size(), letters.toString());
        // Each letter keeps its input's key, on its record and in it: the fold's held Left, and the intake's two.
        for (int i = 0; i < 3; i++) {
            assertEquals("m-4", records.get(i).key, "the key of dead letter " + i);
            assertEquals("m-4", java.nio.charset.StandardCharsets.UTF_8.decode(letters.get(i).getKey()).toString(), "the key in letter " + i);
        }
        assertArrayEquals(new byte[]{1, 2, 3}, bytes(letters.get(1).getValue()));
        assertTrue(letters.get(0).getReason().contains("did not come within usage.grace"), letters.get(0).getReason());
        assertTrue(letters.get(1).getReason().contains("NOT_SINGLE_OBJECT_ENCODED"), letters.get(1).getReason());
        assertTrue(letters.get(2).getReason().contains("usage.max-skew"), letters.get(2).getReason());
        assertEquals(3, counters.get("rejected", Topics.MEETING_EVENTS));
    }

    @Test
    void countsTheMp4OfARecordingOverItsM4aAndFinalSegmentsOnly() {
        artifacts.pipeInput("m-1", Codecs.RECORDING_ARTIFACTS.encode(Events.artifact("r-1", ArtifactKind.M4A, 1000, 60_000L, "2026-12-02T10:00:00Z")));
        artifacts.pipeInput("m-1", Codecs.RECORDING_ARTIFACTS.encode(Events.artifact("r-1", ArtifactKind.MP4, 5000, 61_000L, "2026-12-02T10:00:01Z")));
        artifacts.pipeInput("m-1", Codecs.RECORDING_ARTIFACTS.encode(Events.artifact("r-1", ArtifactKind.POSTER, 300, null, "2026-12-02T10:00:02Z")));
        artifacts.pipeInput("m-1", Codecs.RECORDING_ARTIFACTS.encode(Events.artifact("r-2", ArtifactKind.M4A, 700, 30_000L, "2026-12-02T11:00:00Z")));
        segments.pipeInput("m-1", Codecs.TRANSCRIPT_SEGMENTS.encode(Events.segment("s-1", "2026-12-02T10:00:00Z", 1000, 4000, false)));
        segments.pipeInput("m-1", Codecs.TRANSCRIPT_SEGMENTS.encode(Events.segment("s-1", "2026-12-02T10:00:00Z", 1000, 5000, true)));
        segments.pipeInput("m-1", Codecs.TRANSCRIPT_SEGMENTS.encode(Events.segment("s-1", "2026-12-02T10:00:00Z", 1000, 5000, true)));
        assertEquals(61_000 + 30_000, total(UsageMetric.RECORDING_MINUTES, "2026-12-02"));
        assertEquals(1000 + 5000 + 300 + 700, total(UsageMetric.STORAGE_BYTES, "2026-12-02"));
        assertEquals(4000, total(UsageMetric.TRANSCRIPTION_MINUTES, "2026-12-02"));
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
